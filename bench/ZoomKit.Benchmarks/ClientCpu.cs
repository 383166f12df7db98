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
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- client-cpu [calls] [rounds]</c>: the
/// client process's CPU time and allocations per <c>GET /v2/meetings/{id}</c>, one call at a time, with
/// the emulator in a process of its own (so its work is not billed to the client). Baseline: a raw
/// <see cref="HttpClient"/> with a bearer header whose answer is parsed in full into a <see cref="JsonNode"/>;
/// against it, <c>ZoomClient.Meetings.GetAsync</c> (token manager with a cached token, scope check,
/// rate-limit budget, retries, the typed model). Rounds alternate between the two, in alternating
/// order, so that drift in the machine's speed bills both alike; medians of the rounds.
/// </summary>
internal static class ClientCpu
{
    /// <summary>One call's cost, per call.</summary>
    internal readonly record struct Measurement(double CpuMicroseconds, double AllocatedBytes, double WallMicroseconds, double Switches, double WorkItems);

    public static async Task RunAsync(int calls, int rounds)
    {
        var (zoomProcess, emulator) = await StartEmulatorAsync();
        try
        {
            await using var session = await Calls.ConnectAsync(emulator);
            foreach (var call in session.All)
            {
                await RepeatAsync(call, calls * 5);
            }
            var measured = Calls.Names.Select(_ => new List<Measurement>()).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < Calls.Names.Length; k++)
                {
                    var c = round % 2 == 0 ? k : Calls.Names.Length - 1 - k;
                    measured[c].Add(await MeasureAsync(session.All[c], calls));
                }
            }
            Console.WriteLine($"{calls} calls a round, {rounds} rounds alternating; medians over rounds, ratios taken round by round against the baseline's turn in the same round");
            Console.WriteLine("| call | client CPU per call | ratio | allocated per call | ratio | wall time per call | context switches per call | thread-pool work items per call |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (var c = 0; c < Calls.Names.Length; c++)
            {
                Console.WriteLine($"{Row(Calls.Names[c], measured[c], measured[0])} {Median(measured[c], m => m.WorkItems):F2} |");
            }
        }
        finally
        {
            zoomProcess.Kill();
            zoomProcess.Dispose();
        }
    }

    /// <summary>The emulator in a process of its own (its work is not billed to the client), with rate limits off and the benchmark's app.</summary>
    internal static async Task<(Process Process, Uri Url)> StartEmulatorAsync()
    {
        var emulator = new Uri($"http://127.0.0.1:{AppSignIn.FreePort()}");
        var zoomProcess = EmulatorProcess.Start(
        [
            "--urls", emulator.AbsoluteUri.TrimEnd('/'), "--Logging:LogLevel:Default", "Error", "--Emulator:RateLimits:Enabled", "false", "--Emulator:AutoApprove", "true",
            "--Emulator:Apps:0:ClientId", EmulatorSession.ClientId, "--Emulator:Apps:0:ClientSecret", EmulatorSession.ClientSecret, "--Emulator:Apps:0:RedirectUris:0", EmulatorSession.Redirect.AbsoluteUri,
        ]);
        using var admin = new HttpClient { BaseAddress = emulator };
        await EmulatorProcess.WaitForAsync(admin);
        return (zoomProcess, emulator);
    }

    /// <summary>One call's cost per call over <paramref name="calls"/> calls, after a full collection: CPU of every thread of the process, allocations, wall time, context switches, thread-pool work items.</summary>
    internal static async Task<Measurement> MeasureAsync(Func<Task> call, int calls)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var switches = Switches();
        var workItems = ThreadPool.CompletedWorkItemCount;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var time = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        await RepeatAsync(call, calls);
        var wall = Stopwatch.GetElapsedTime(started).TotalMicroseconds / calls;
        var cpu = (Environment.CpuUsage.TotalTime - time).TotalMicroseconds / calls;
        return new(
            cpu,
            (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)calls,
            wall,
            (Switches() - switches) / (double)calls,
            (ThreadPool.CompletedWorkItemCount - workItems) / (double)calls);
    }

    /// <summary>A table row up to the context switches: medians over rounds, the CPU ratio taken round by round against <paramref name="baseline"/>'s same round.</summary>
    internal static string Row(string name, List<Measurement> measured, List<Measurement> baseline)
    {
        var ratios = measured.Select((m, round) => m.CpuMicroseconds / baseline[round].CpuMicroseconds).ToList();
        var bytes = Median(measured, m => m.AllocatedBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(measured, m => m.CpuMicroseconds):F1} µs | {Median(ratios, r => r):F3} | {bytes / 1024:F2} KB | {bytes / Median(baseline, m => m.AllocatedBytes):F2} | {Median(measured, m => m.WallMicroseconds):F1} µs | {Median(measured, m => m.Switches):F2} |");
    }

    internal static double Median<T>(List<T> values, Func<T, double> of) => values.Select(of).Order().ElementAt(values.Count / 2);

    /// <summary>The two calls measured, connected to one emulator: the baseline first.</summary>
    internal sealed class Calls : IAsyncDisposable
    {
        public static readonly string[] Names =
        [
            "raw `HttpClient` + bearer header + full parse into `JsonNode` (baseline)",
            "`ZoomClient.Meetings.GetAsync`",
        ];

        private readonly ServiceProvider _services;
        private readonly HttpClient _raw;

        private Calls(ServiceProvider services, HttpClient raw, Func<Task>[] all)
        {
            _services = services;
            _raw = raw;
            All = all;
        }

        public Func<Task>[] All { get; }

        /// <summary>Connects a user (the code flow, auto-approved), makes a meeting, and both calls get it.</summary>
        public static async Task<Calls> ConnectAsync(Uri emulator)
        {
            using var admin = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = emulator };
            var services = ZoomServices.Build(emulator);
            var oauth = services.GetRequiredService<ZoomOAuthClient>();
            var authorization = oauth.CreateAuthorizationRequest();
            using var approved = await admin.GetAsync(authorization.AuthorizationUri);
            var tokens = (await oauth.ExchangeCodeAsync(authorization.ReadCallback(approved.Headers.Location!), authorization.Pkce.Verifier)).GetTokensOrThrow();
            await services.GetRequiredService<ZoomTokenManager>().ConnectAsync("bench", tokens);
            var client = services.GetRequiredService<ZoomClientFactory>().CreateClient("bench");
            var meetingId = (await client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Overhead", StartTime = DateTimeOffset.UtcNow.AddDays(1) })).Id;
            var raw = new HttpClient { BaseAddress = new Uri(emulator, "/v2/") };
            raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            return new Calls(services, raw,
            [
                async () =>
                {
                    using var response = await raw.GetAsync($"meetings/{meetingId}");
                    response.EnsureSuccessStatusCode();
                    await using var stream = await response.Content.ReadAsStreamAsync();
                    Walk(await JsonNode.ParseAsync(stream));
                },
                async () => _ = await client.Meetings.GetAsync(meetingId),
            ]);
        }

        public async ValueTask DisposeAsync()
        {
            _raw.Dispose();
            await _services.DisposeAsync();
        }
    }

    internal static async Task RepeatAsync(Func<Task> call, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await call();
        }
    }

    /// <summary>Visits every node, so that the lazily parsed tree is built in full.</summary>
    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Walk(child);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Walk(child);
                }
                break;
            case JsonValue v:
                _ = v.GetValueKind();
                break;
        }
    }

    private static long Switches()
    {
        long total = 0;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches", StringComparison.Ordinal))
                    {
                        total += long.Parse(line.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
            }
        }
        return total;
    }

}
