using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZoomKit.Cli;

/// <summary>Writes to the settings file (<c>$XDG_CONFIG_HOME/zoomkit/settings.json</c>), keeping whatever else it holds.</summary>
internal static class SettingsFile
{
    public static string Path => System.IO.Path.Combine(CliContext.ConfigFolder, "settings.json");

    /// <summary>
    /// Sets <c>Profiles:{profile}:Zoom:{name}</c> (or removes it, for null) and returns what it was; the
    /// file is replaced whole and stays owner-only (it may hold a client secret).
    /// </summary>
    public static string? SetZoomSetting(string profile, string name, string? value)
    {
        Directory.CreateDirectory(CliContext.ConfigFolder);
        JsonObject root;
        try
        {
            root = File.Exists(Path) ? JsonNode.Parse(File.ReadAllText(Path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject ?? [] : [];
        }
        catch (JsonException e)
        {
            throw new InvalidSettingsException($"{Path} is not valid JSON ({e.Message}); fix it or remove it, then run the command again.");
        }
        var zoom = Child(Child(Child(root, "Profiles"), profile), "Zoom");
        var previous = zoom[name]?.ToString();
        if (value is null)
        {
            zoom.Remove(name);
        }
        else
        {
            zoom[name] = value;
        }
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            root.WriteTo(writer);
        }
        File.Move(temporary, Path, overwrite: true);
        return previous;
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }
}

/// <summary>The settings file cannot be read or written as it is.</summary>
internal sealed class InvalidSettingsException(string message) : Exception(message);
