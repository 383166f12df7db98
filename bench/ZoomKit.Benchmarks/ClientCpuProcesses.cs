using System.Diagnostics;
using System.Globalization;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- client-cpu-processes [calls] [rounds]</c>:
/// the same two calls as <c>client-cpu</c> (a raw <see cref="HttpClient"/> with a bearer header and a
/// full <c>JsonNode</c> parse, the baseline; <c>ZoomClient.Meetings.GetAsync</c>), each in a
/// process of its own: every round starts one process per call, in alternating order, which warms its
/// call until the JIT settles and then measures its CPU, allocations and context switches over
/// <c>calls</c> calls. In one process, work that comes back periodically (a timer of one client, the
/// garbage collection of the other's allocations) is billed to whichever call runs at that moment, and
/// how rounds of the two calls line up with those periods moved the ratio from 0.84 to 1.39 with the
/// length of a round alone; in a process of its own, each call pays for all of its own work and for
/// none of the other's.
/// </summary>
internal static class ClientCpuProcesses
{
    public static async Task RunAsync(int calls, int rounds)
    {
        var (zoomProcess, emulator) = await ClientCpu.StartEmulatorAsync();
        try
        {
            var names = ClientCpu.Calls.Names;
            var measured = names.Select(_ => new List<ClientCpu.Measurement>()).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < names.Length; k++)
                {
                    var c = round % 2 == 0 ? k : names.Length - 1 - k;
                    measured[c].Add(await ChildRunAsync(emulator, c, calls));
                }
            }
            Console.WriteLine($"{calls} calls in each process, {rounds} rounds of one process per call, alternating; medians over rounds, ratios taken round by round against the baseline's process in the same round");
            Console.WriteLine("| call | client CPU per call | ratio | allocated per call | ratio | wall time per call | context switches per call |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (var c = 0; c < names.Length; c++)
            {
                Console.WriteLine(ClientCpu.Row(names[c], measured[c], measured[0]));
            }
            Console.WriteLine("Ratios by round: " + string.Join(", ", measured[1].Select((m, round) => (m.CpuMicroseconds / measured[0][round].CpuMicroseconds).ToString("F3", CultureInfo.InvariantCulture))));
        }
        finally
        {
            zoomProcess.Kill();
            zoomProcess.Dispose();
        }
    }

    private static async Task<ClientCpu.Measurement> ChildRunAsync(Uri emulator, int call, int calls)
    {
        using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!)
        {
            ArgumentList = { "client-cpu-child", emulator.AbsoluteUri, call.ToString(CultureInfo.InvariantCulture), calls.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var line = await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The child process printed nothing.");
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The child process failed (exit {child.ExitCode}).");
        }
        var v = line.Split(' ').Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        return new(v[0], v[1], v[2], v[3], v[4]);
    }

    /// <summary>The child: connects to the emulator, warms its one call until the JIT settles, then measures it.</summary>
    public static async Task ChildAsync(Uri emulator, int call, int calls)
    {
        await using var session = await ClientCpu.Calls.ConnectAsync(emulator);
        await ClientCpu.RepeatAsync(session.All[call], 2_000);
        await SqliteProcesses.JitSettledAsync();
        var m = await ClientCpu.MeasureAsync(session.All[call], calls);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.CpuMicroseconds:R} {m.AllocatedBytes:R} {m.WallMicroseconds:R} {m.Switches:R} {m.WorkItems:R}"));
    }
}
