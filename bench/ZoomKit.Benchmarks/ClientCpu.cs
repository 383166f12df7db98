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
            using var admin = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = emulator };
            await EmulatorProcess.WaitForAsync(admin);
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

            (string Name, Func<Task> Call)[] cases =
            [
                ("raw `HttpClient` + bearer header + full parse into `JsonNode` (baseline)", async () =>
                {
                    using var response = await raw.GetAsync($"meetings/{meetingId}");
                    response.EnsureSuccessStatusCode();
                    await using var stream = await response.Content.ReadAsStreamAsync();
                    Walk(await JsonNode.ParseAsync(stream));
                }),
                ("`ZoomClient.Meetings.GetAsync`", async () => _ = await client.Meetings.GetAsync(meetingId)),
            ];
            foreach (var (_, call) in cases)
            {
                await RepeatAsync(call, calls * 5);
            }
            var cpu = cases.Select(_ => new List<double>()).ToArray();
            var allocated = cases.Select(_ => new List<double>()).ToArray();
            var wall = cases.Select(_ => new List<double>()).ToArray();
            var sw = cases.Select(_ => new List<double>()).ToArray();
            var items = cases.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < cases.Length; k++)
                {
                    var c = round % 2 == 0 ? k : cases.Length - 1 - k;
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var switches = Switches();
                    var workItems = ThreadPool.CompletedWorkItemCount;
                    var bytes = GC.GetTotalAllocatedBytes(precise: true);
                    var time = Environment.CpuUsage.TotalTime;
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await RepeatAsync(cases[c].Call, calls);
                    wall[c].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds / calls);
                    cpu[c].Add((Environment.CpuUsage.TotalTime - time).TotalMicroseconds / calls);
                    allocated[c].Add((GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)calls);
                    sw[c].Add((Switches() - switches) / (double)calls);
                    items[c].Add((ThreadPool.CompletedWorkItemCount - workItems) / (double)calls);
                }
            }
            Console.WriteLine($"{calls} calls a round, {rounds} rounds alternating; medians over rounds, ratios taken round by round against the baseline's turn in the same round");
            Console.WriteLine("| call | client CPU per call | ratio | allocated per call | ratio | wall time per call | context switches per call | thread-pool work items per call |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (var c = 0; c < cases.Length; c++)
            {
                var ratios = cpu[c].Select((value, round) => value / cpu[0][round]).ToList();
                Console.WriteLine($"| {cases[c].Name} | {Median(cpu[c]):F1} µs | {Median(ratios):F3} | {Median(allocated[c]) / 1024:F2} KB | {Median(allocated[c]) / Median(allocated[0]):F2} | {Median(wall[c]):F1} µs | {Median(sw[c]):F2} | {Median(items[c]):F2} |");
            }
        }
        finally
        {
            zoomProcess.Kill();
        }
    }

    private static async Task RepeatAsync(Func<Task> call, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await call();
        }
    }

    /// <summary>Visits every node, so that the lazily parsed tree is built in full.</summary>
    internal static void Walk(JsonNode? node)
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

    internal static long Switches()
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

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
