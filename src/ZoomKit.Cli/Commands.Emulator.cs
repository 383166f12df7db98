using System.CommandLine;
using ZoomKit.Emulator;

namespace ZoomKit.Cli;

// emulator: the local Zoom in the foreground.
public static partial class Commands
{
    private static Command EmulatorCommand()
    {
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1", DefaultValueFactory = _ => 3001 };
        var command = new Command("emulator", "Run the local Zoom emulator in the foreground (Ctrl+C stops it).\n\nExample:\n  zoomkit emulator --port 3001") { port };
        command.SetAction(async (parse, ct) =>
        {
            await using var host = await ZoomEmulatorHost.StartAsync($"http://127.0.0.1:{parse.GetValue(port)}", cancellationToken: ct);
            Console.Error.WriteLine($"Zoom emulator listening on {host.BaseUrl} (user demo@zoomkit.local / demo). Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
