using System.Diagnostics;
using ZoomKit.App;
using ZoomKit.Testing;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- app-load [users] [seconds]</c>:
/// signed-in users listing their meetings and scheduling new ones through the web app on its
/// embedded emulator, over loopback HTTP, for a fixed time. Prints throughput, p50 and p99 latency
/// and the error count; the baseline of the same run is the app's <c>/healthz</c> under the same load.
/// </summary>
internal static class AppLoad
{
    public static async Task RunAsync(int users, int seconds)
    {
        var appPort = AppSignIn.FreePort();
        var emulatorPort = AppSignIn.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "zoomkit-app-load", Guid.NewGuid().ToString("N"));
        var args = new List<string>
        {
            "--urls", $"http://127.0.0.1:{appPort}", "--App:EmulatorUrl", $"http://127.0.0.1:{emulatorPort}", "--App:DataFolder", data,
            "--Logging:LogLevel:Default", "Error",
            "--Emulator:RateLimits:MeetingCreateUpdatePerUserPerDay", "1000000", "--Zoom:DailyMeetingWritesPerUser", "1000000",
        };
        for (var i = 0; i < users; i++)
        {
            // One account each, as independent customers would be; Zoom's limits are per account.
            args.AddRange([$"--Emulator:Users:{i}:Email", $"user{i}@example.com", $"--Emulator:Users:{i}:Password", "pw", $"--Emulator:Users:{i}:AccountId", $"account-{i}"]);
        }
        await using var app = await ZoomKitApp.BuildAsync([.. args]);
        await app.StartAsync();
        var baseUrl = new Uri($"http://127.0.0.1:{appPort}");

        var clients = new List<HttpClient>();
        for (var i = 0; i < users; i++)
        {
            clients.Add(await AppSignIn.SignInAsync(baseUrl, new Uri($"http://127.0.0.1:{emulatorPort}"), $"user{i}@example.com", "pw"));
        }

        Console.WriteLine($"{users} users, {seconds} s each phase, app and emulator in one process on 2 cores");
        Console.WriteLine("| load | requests | requests/s | p50 | p99 | errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        await PhaseAsync("baseline: GET /healthz", clients, seconds, async (http, _) => await http.GetAsync(new Uri(baseUrl, "/healthz")), _ => true);
        await PhaseAsync("list (3 of 4) and schedule (1 of 4)", clients, seconds, async (http, n) =>
        {
            if (n % 4 != 3)
            {
                return await http.GetAsync(new Uri(baseUrl, "/meetings"));
            }
            var form = await http.GetStringAsync(new Uri(baseUrl, "/meetings/new"));
            var token = AppSignIn.AntiforgeryToken(form);
            return await http.PostAsync(new Uri(baseUrl, "/meetings/new"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Form.Topic"] = $"Load {n}",
                ["Form.Start"] = "2031-01-01T10:00",
                ["Form.TimeZone"] = "Europe/Paris",
                ["Form.Duration"] = "30",
                ["Form.AutoRecording"] = "none",
                ["Form.Repeat"] = "none",
                // Every meeting lands on the same slot: the overlap warning was seen and accepted.
                ["AcceptedOverlap"] = "2031-01-01T09:00Z/30",
            }));
        }, IsThePageAskedFor);
        foreach (var client in clients)
        {
            client.Dispose();
        }
        await app.StopAsync();
    }

    /// <summary>
    /// Only the page asked for counts as a success: the meetings page itself (not a redirect to the
    /// Problem or Reconnect page or the start page), or a schedule that went to the new meeting's page
    /// (not the form shown again with errors, which answers 200).
    /// </summary>
    private static bool IsThePageAskedFor(HttpResponseMessage response) =>
        response.RequestMessage!.Method == HttpMethod.Post
            ? response.StatusCode == System.Net.HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is { } to && to.StartsWith("/meetings/", StringComparison.Ordinal) && long.TryParse(to["/meetings/".Length..], out _)
            : response.StatusCode == System.Net.HttpStatusCode.OK;

    private static async Task PhaseAsync(string name, List<HttpClient> clients, int seconds, Func<HttpClient, int, Task<HttpResponseMessage>> step, Func<HttpResponseMessage, bool> succeeded)
    {
        var latencies = new List<double>[clients.Count];
        var errors = 0;
        var kinds = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((http, index) => Task.Run(async () =>
        {
            var mine = latencies[index] = [];
            for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds); n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await step(http, n);
                    if (!succeeded(response))
                    {
                        Interlocked.Increment(ref errors);
                        kinds.AddOrUpdate($"HTTP {(int)response.StatusCode} {response.Headers.Location}", 1, (_, k) => k + 1);
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    kinds.AddOrUpdate(e.Message, 1, (_, k) => k + 1);
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        foreach (var (kind, count) in kinds)
        {
            Console.Error.WriteLine($"  {name}: {count} × {kind}");
        }
        Console.WriteLine($"| {name} | {all.Length:N0} | {all.Length / clock.Elapsed.TotalSeconds:N0} | {all[all.Length / 2]:0.0} ms | {all[(int)(all.Length * 0.99)]:0.0} ms | {errors} |");
    }
}
