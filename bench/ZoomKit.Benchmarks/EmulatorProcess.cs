using System.Diagnostics;

namespace ZoomKit.Benchmarks;

/// <summary>The emulator in a process of its own, as Zoom is in production: its CPU, memory and collections are not billed to the process measured.</summary>
internal static class EmulatorProcess
{
    /// <summary>Starts the Release build of <c>src/ZoomKit.Emulator</c> (build it first) with the given arguments.</summary>
    public static Process Start(List<string> args)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ZoomKit.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Run from the repository (ZoomKit.slnx not found above " + AppContext.BaseDirectory + ").");
        }
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root.FullName, "src", "ZoomKit.Emulator", "bin", "Release", "net10.0", "ZoomKit.Emulator.dll"));
        args.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitForAsync(HttpClient admin)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                (await admin.GetAsync("/_emulator/stats")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("The emulator did not start.");
    }
}
