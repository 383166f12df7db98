using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- client-cpu-processes [calls] [rounds]</c>:
/// the same two calls as <c>client-cpu</c> (a raw <see cref="HttpClient"/> with a bearer header and a
/// full <see cref="JsonNode"/> parse, the baseline; <c>ZoomClient.Meetings.GetAsync</c>), each in a
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
    private static readonly string[] Names =
    [
        "raw `HttpClient` + bearer header + full parse into `JsonNode` (baseline)",
        "`ZoomClient.Meetings.GetAsync`",
    ];

    public static async Task RunAsync(int calls, int rounds)
    {
        var emulator = new Uri($"http://127.0.0.1:{AppSignIn.FreePort()}");
        using var zoomProcess = EmulatorProcess.Start(
        [
            "--urls", emulator.AbsoluteUri.TrimEnd('/'), "--Logging:LogLevel:Default", "Error", "--Emulator:RateLimits:Enabled", "false", "--Emulator:AutoApprove", "true",
            "--Emulator:Apps:0:ClientId", EmulatorSession.ClientId, "--Emulator:Apps:0:ClientSecret", EmulatorSession.ClientSecret, "--Emulator:Apps:0:RedirectUris:0", EmulatorSession.Redirect.AbsoluteUri,
        ]);
        try
        {
            using (var admin = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = emulator })
            {
                await EmulatorProcess.WaitForAsync(admin);
            }
            // Per call: CPU µs, bytes, switches, wall µs, per round.
            var measured = Names.Select(_ => new List<double[]>()).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < Names.Length; k++)
                {
                    var c = round % 2 == 0 ? k : Names.Length - 1 - k;
                    measured[c].Add(await ChildRunAsync(emulator, c, calls));
                }
            }
            Console.WriteLine($"{calls} calls in each process, {rounds} rounds of one process per call, alternating; medians over rounds, ratios taken round by round against the baseline's process in the same round");
            Console.WriteLine("| call | client CPU per call | ratio | allocated per call | ratio | wall time per call | context switches per call |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (var c = 0; c < Names.Length; c++)
            {
                var cpu = measured[c].Select(m => m[0]).ToList();
                var ratios = measured[c].Select((m, round) => m[0] / measured[0][round][0]).ToList();
                var bytes = measured[c].Select(m => m[1]).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Names[c]} | {Median(cpu):F1} µs | {Median(ratios):F3} | {Median(bytes) / 1024:F2} KB | {Median(bytes) / Median(measured[0].Select(m => m[1]).ToList()):F2} | {Median(measured[c].Select(m => m[3]).ToList()):F1} µs | {Median(measured[c].Select(m => m[2]).ToList()):F2} |"));
            }
            Console.WriteLine("Ratios by round: " + string.Join(", ", measured[1].Select((m, round) => (m[0] / measured[0][round][0]).ToString("F3", CultureInfo.InvariantCulture))));
        }
        finally
        {
            zoomProcess.Kill();
        }
    }

    private static async Task<double[]> ChildRunAsync(Uri emulator, int call, int calls)
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
        return line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The child: connects to the emulator, warms its one call until the JIT settles, then measures it.</summary>
    public static async Task ChildAsync(Uri emulator, int call, int calls)
    {
        using var admin = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = emulator };
        await using var services = ZoomServices.Build(emulator);
        var oauth = services.GetRequiredService<ZoomOAuthClient>();
        var authorization = oauth.CreateAuthorizationRequest();
        using var approved = await admin.GetAsync(authorization.AuthorizationUri);
        var tokens = (await oauth.ExchangeCodeAsync(authorization.ReadCallback(approved.Headers.Location!), authorization.Pkce.Verifier)).GetTokensOrThrow();
        await services.GetRequiredService<ZoomTokenManager>().ConnectAsync("bench", tokens);
        var client = services.GetRequiredService<ZoomClientFactory>().CreateClient("bench");
        var meetingId = (await client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Overhead", StartTime = DateTimeOffset.UtcNow.AddDays(1) })).Id;
        using var raw = new HttpClient { BaseAddress = new Uri(emulator, "/v2/") };
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        Func<Task> measuredCall = call == 0
            ? async () =>
            {
                using var response = await raw.GetAsync($"meetings/{meetingId}");
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync();
                ClientCpu.Walk(await JsonNode.ParseAsync(stream));
            }
            : async () => _ = await client.Meetings.GetAsync(meetingId);

        for (var i = 0; i < 2_000; i++)
        {
            await measuredCall();
        }
        await SqliteProcesses.JitSettledAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var switches = ClientCpu.Switches();
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var time = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            await measuredCall();
        }
        var wall = Stopwatch.GetElapsedTime(started).TotalMicroseconds / calls;
        var cpu = (Environment.CpuUsage.TotalTime - time).TotalMicroseconds / calls;
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)calls;
        var switched = (ClientCpu.Switches() - switches) / (double)calls;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cpu:F3} {allocated:F1} {switched:F3} {wall:F3}"));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
