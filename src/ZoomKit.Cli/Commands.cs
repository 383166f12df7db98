using System.CommandLine;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.Cli;

/// <summary>The command tree of <c>zoomkit</c>.</summary>
public static partial class Commands
{
    private static readonly Option<string?> ProfileOption = new("--profile") { Description = "The settings profile (several Zoom accounts); default 'default'", Recursive = true };

    private static readonly Option<bool> JsonOption = new("--json") { Description = "Write JSON instead of a table", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("""
            zoomkit: Zoom meetings and tokens from a terminal or a script.

            Settings, lowest to highest precedence: $XDG_CONFIG_HOME/zoomkit/settings.json (section Profiles:<name>),
            environment variables (ZOOMKIT_Zoom__ClientId, ZOOMKIT_Profiles__<name>__Zoom__ClientId), flags.
            With no client id it talks to the local emulator (zoomkit emulator) and says so.
            Exit codes: 0 ok, 1 failure, 2 usage, 3 reauthorization required, 4 rate limited, 5 Zoom error, 6 network,
            7 access denied at login, 8 login code expired (zoomkit login --device).

            Examples:
              zoomkit emulator &
              zoomkit login
              zoomkit login --device        (over SSH or without a browser: a code to enter on any device)
              zoomkit meetings create --topic "Planning" --start 2030-03-04T09:30 --timezone Europe/Berlin
              zoomkit meetings list --all --json
            """);
        root.Options.Add(ProfileOption);
        root.Options.Add(JsonOption);
        root.Subcommands.Add(Login());
        root.Subcommands.Add(Logout());
        root.Subcommands.Add(WhoAmI());
        root.Subcommands.Add(Meetings());
        root.Subcommands.Add(Token());
#if ZOOMKIT_EMULATOR
        root.Subcommands.Add(EmulatorCommand());
#endif
        return root;
    }

    private static async Task<int> RunAsync(ParseResult parse, Func<CliContext, Output, Task<int>> action)
    {
        await using var context = CliContext.Create(parse.GetValue(ProfileOption));
        if (context.UsesEmulator)
        {
            Output.Note($"No Zoom client id configured: using the local emulator ({CliContext.EmulatorDefault} unless ZOOMKIT_EmulatorUrl says otherwise).");
        }
        try
        {
            return await action(context, new Output(parse.GetValue(JsonOption)));
        }
        catch (Exception e) when (Failures.Describe(e, context.Profile) is { } failure)
        {
            foreach (var line in failure.Lines)
            {
                Output.Error(line);
            }
            return failure.ExitCode;
        }
    }
}
