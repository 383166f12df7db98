using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace ZoomKit.Cli;

/// <summary>Tables and colour on a terminal; plain text when piped; JSON when asked.</summary>
public sealed class Output(bool json)
{
    private readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    // Decided once: colour and tables only on a terminal, never into a pipe or a file.
    private readonly bool _interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public bool Json { get; } = json;

    public void WriteObject(JsonObject value) => Console.Out.WriteLine(value.ToJsonString(_json));

    public void WriteArray(JsonArray value) => Console.Out.WriteLine(value.ToJsonString(_json));

    public void Table(string[] headers, IEnumerable<string[]> rows)
    {
        if (_interactive)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn($"[bold]{Markup.Escape(header)}[/]"));
            }
            foreach (var row in rows)
            {
                table.AddRow(row.Select(cell => Markup.Escape(cell)).ToArray());
            }
            AnsiConsole.Write(table);
            return;
        }
        Console.Out.WriteLine(string.Join('\t', headers));
        foreach (var row in rows)
        {
            Console.Out.WriteLine(string.Join('\t', row));
        }
    }

    /// <summary>
    /// Runs long work under a Spectre status line (a spinner and <paramref name="status"/>, which the work
    /// may update) on a terminal; silently when piped or with <c>--json</c>.
    /// </summary>
    public async Task<T> StatusAsync<T>(string status, Func<Action<string>, Task<T>> work)
    {
        if (!_interactive || Json)
        {
            return await work(_ => { });
        }
        return await AnsiConsole.Status().StartAsync(Markup.Escape(status), context => work(text => context.Status(Markup.Escape(text))));
    }

    public void Line(string text)
    {
        if (_interactive)
        {
            AnsiConsole.MarkupLine(Markup.Escape(text));
        }
        else
        {
            Console.Out.WriteLine(text);
        }
    }

    public static void Note(string text)
    {
        if (!Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null)
        {
            Console.Error.WriteLine($"\u001b[2m{text}\u001b[0m");
        }
        else
        {
            Console.Error.WriteLine(text);
        }
    }

    public static void Error(string text)
    {
        if (!Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null)
        {
            Console.Error.WriteLine($"\u001b[31merror:\u001b[0m {text}");
        }
        else
        {
            Console.Error.WriteLine($"error: {text}");
        }
    }
}
