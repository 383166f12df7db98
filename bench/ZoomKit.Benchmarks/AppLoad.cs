using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ZoomKit.App;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- app-load [users] [seconds]</c>:
/// signed-in users listing their meetings and scheduling new ones through the web app on its
/// embedded emulator, over loopback HTTP, for a fixed time. Prints throughput, p50 and p99 latency
/// and the error count; the baseline of the same run is the app's <c>/healthz</c> under the same load.
/// </summary>
internal static partial class AppLoad
{
    public static async Task RunAsync(int users, int seconds)
    {
        var appPort = FreePort();
        var emulatorPort = FreePort();
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
            clients.Add(await SignInAsync(baseUrl, emulatorPort, i));
        }

        Console.WriteLine($"{users} users, {seconds} s each phase, app and emulator in one process on 2 cores");
        Console.WriteLine("| load | requests | requests/s | p50 | p99 | errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        await PhaseAsync("baseline: GET /healthz", clients, seconds, async (http, _) => await http.GetAsync("/healthz"));
        await PhaseAsync("list (3 of 4) and schedule (1 of 4)", clients, seconds, async (http, n) =>
        {
            if (n % 4 != 3)
            {
                return await http.GetAsync("/meetings");
            }
            var form = await http.GetStringAsync("/meetings/new");
            var token = Token().Match(form).Groups[1].Value;
            return await http.PostAsync("/meetings/new", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Form.Topic"] = $"Load {n}",
                ["Form.Start"] = "2031-01-01T10:00",
                ["Form.TimeZone"] = "Europe/Paris",
                ["Form.Duration"] = "30",
                ["Form.AutoRecording"] = "none",
                ["Form.Repeat"] = "none",
            }));
        });
        foreach (var client in clients)
        {
            client.Dispose();
        }
        await app.StopAsync();
    }

    private static async Task PhaseAsync(string name, List<HttpClient> clients, int seconds, Func<HttpClient, int, Task<HttpResponseMessage>> step)
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
                    if ((int)response.StatusCode >= 400 || response.Headers.Location?.OriginalString.StartsWith("/?", StringComparison.Ordinal) == true || response.Headers.Location?.OriginalString == "/")
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

    private static async Task<HttpClient> SignInAsync(Uri app, int emulatorPort, int user)
    {
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var http = new HttpClient(handler) { BaseAddress = app };
        var start = await http.GetStringAsync("/");
        using var connect = await http.PostAsync("/?handler=Connect", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token().Match(start).Groups[1].Value }));
        // Sign in as this user through the emulator's pages, then follow the redirects home.
        var authorize = connect.Headers.Location!;
        using var emulator = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{emulatorPort}") };
        var signInPage = await emulator.GetStringAsync(authorize);
        var request = Hidden().Match(signInPage).Groups[1].Value;
        var consent = await (await emulator.PostAsync("/oauth/authorize/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["request"] = request, ["email"] = $"user{user}@example.com", ["password"] = "pw" }))).Content.ReadAsStringAsync();
        using var back = await emulator.PostAsync("/oauth/authorize/consent", new FormUrlEncodedContent(new Dictionary<string, string> { ["request"] = Hidden().Match(consent).Groups[1].Value, ["decision"] = "allow" }));
        using var callback = await http.GetAsync(back.Headers.Location!);
        if (callback.StatusCode != HttpStatusCode.Redirect || callback.Headers.Location?.OriginalString.Contains("meetings", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"Sign-in of user {user} failed: HTTP {(int)callback.StatusCode} to {callback.Headers.Location}.");
        }
        return http;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"request\" value=\"([^\"]+)\"")]
    private static partial Regex Hidden();
}
