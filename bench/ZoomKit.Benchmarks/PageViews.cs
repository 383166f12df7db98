using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.App;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.Testing;

namespace ZoomKit.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ZoomKit.Benchmarks -- page-views [views]</c>: what one view
/// of the meetings page costs a user with 10, 300 and 3,000 meetings, in Zoom requests (counted at the
/// emulator) and time (median over loopback HTTP), for the list and the week view:
/// The emulator runs as a process of its own. Before (what the page read until paging: every scheduled meeting, <c>ListAllAsync</c>, timed through
/// ZoomKit without rendering), after a change (the view cache forgotten, as a write or a webhook does)
/// and unchanged (the view seen again). Ratios against the same run's 10-meeting figure. Every answer
/// that is not the page asked for (a redirect to Problem or Reconnect, an error status) is counted.
/// </summary>
internal static class PageViews
{
    private const string ClientId = "bench-api";
    private const string ClientSecret = "bench-api-secret";
    private const string Redirect = "http://127.0.0.1:9/cb";
    private static readonly int[] Sizes = [10, 300, 3000];
    private static readonly bool[] Passes = [false, true];
    private static Uri Origin = null!;

    public static async Task RunAsync(int views)
    {
        var appPort = AppSignIn.FreePort();
        var emulatorPort = AppSignIn.FreePort();
        var emulator = new Uri($"http://127.0.0.1:{emulatorPort}");
        var data = Path.Combine(Path.GetTempPath(), "zoomkit-page-views", Guid.NewGuid().ToString("N"));
        // Zoom in a process of its own, as it is in production: its memory and collections are not billed to the app.
        var emulatorArgs = new List<string>
        {
            "--urls", emulator.AbsoluteUri.TrimEnd('/'), "--Logging:LogLevel:Default", "Error", "--Emulator:RateLimits:Enabled", "false",
            "--Emulator:Apps:0:ClientId", "scheduler", "--Emulator:Apps:0:ClientSecret", "scheduler-secret", "--Emulator:Apps:0:RedirectUris:0", $"http://127.0.0.1:{appPort}/zoom",
            "--Emulator:Apps:1:ClientId", ClientId, "--Emulator:Apps:1:ClientSecret", ClientSecret, "--Emulator:Apps:1:RedirectUris:0", Redirect,
        };
        for (var i = 0; i < Sizes.Length; i++)
        {
            emulatorArgs.AddRange([$"--Emulator:Users:{i}:Email", $"user{i}@example.com", $"--Emulator:Users:{i}:Password", "pw", $"--Emulator:Users:{i}:AccountId", $"account-{i}", $"--Emulator:Users:{i}:Timezone", "UTC"]);
        }
        using var zoomProcess = EmulatorProcess.Start(emulatorArgs);
        using var admin = new HttpClient { BaseAddress = emulator };
        await EmulatorProcess.WaitForAsync(admin);
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{appPort}", "--App:DataFolder", data, "--Logging:LogLevel:Default", "Error",
            "--Zoom:ClientId", "scheduler", "--Zoom:ClientSecret", "scheduler-secret", "--Zoom:RedirectUri", $"http://127.0.0.1:{appPort}/zoom",
            "--Zoom:OAuthBaseUrl", emulator.AbsoluteUri, "--Zoom:ApiBaseUrl", new Uri(emulator, "/v2").AbsoluteUri,
            // ZoomKit's own per-second budgets (Pro: 20 list calls a second) would pace back-to-back views at 50 ms: measured without them.
            "--Zoom:LightPerSecond", "100000", "--Zoom:MediumPerSecond", "100000",
        ];
        await using var app = await ZoomKitApp.BuildAsync(args);
        await app.StartAsync();
        var baseUrl = Origin = new Uri($"http://127.0.0.1:{appPort}");
        var cache = app.Services.GetRequiredService<MeetingViewCache>();
        var factory = app.Services.GetRequiredService<ZoomClientFactory>();

        Console.WriteLine($"{views} views each, the emulator in a process of its own, both on the same 2 cores; times are medians of alternating runs");
        Console.WriteLine("| meetings | view | before: requests | before: time | after a change: requests | after a change: time | unchanged: requests | unchanged: time | errors | the page's Zoom request: the emulator alone | …through ZoomKit |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var users = new List<(int Size, string UserId, HttpClient Browser, ZoomClient Zoom, HttpClient Raw)>();
        for (var i = 0; i < Sizes.Length; i++)
        {
            var email = $"user{i}@example.com";
            var (userId, token) = await ApiTokenAsync(emulator, email);
            await MakeMeetingsAsync(emulator, token, Sizes[i]);
            var raw = new HttpClient { BaseAddress = emulator };
            raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            users.Add((Sizes[i], userId, await AppSignIn.SignInAsync(baseUrl, emulator, email, "pw"), factory.CreateClient(userId), raw));
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + 7);
        // The page and the one Zoom request it makes, which the emulator answers alone in the last column.
        // The first pass warms the process up (JIT tiers, pools) and is not shown.
        foreach (var (pass, view, path, zoomQuery) in Passes.SelectMany(pass => new[]
        {
            ("list", "/meetings", "type=scheduled&page_size=30"),
            ("week", "/meetings?view=week&week=1", $"type=scheduled&from={monday.AddDays(-1):yyyy-MM-dd}&to={monday.AddDays(7):yyyy-MM-dd}&page_size=300"),
        }.Select(v => (pass, v.Item1, v.Item2, v.Item3))))
        {
            Func<int, Task<bool>> Before = u => ListEverythingAsync(users[u].Zoom);
            Func<int, Task<bool>> After = u =>
            {
                cache.Changed(users[u].UserId);
                return PageAsync(users[u].Browser, path);
            };
            Func<int, Task<bool>> Unchanged = u => PageAsync(users[u].Browser, path);
            Func<int, Task<bool>> Call = async u =>
            {
                var options = view == "list"
                    ? new MeetingListOptions { Type = MeetingListType.Scheduled, PageSize = 30 }
                    : new MeetingListOptions { Type = MeetingListType.Scheduled, PageSize = 300, From = monday.AddDays(-1), To = monday.AddDays(7) };
                await users[u].Zoom.Meetings.ListAsync(options);
                return true;
            };
            Func<int, Task<bool>> Alone = async u =>
            {
                using var answer = await users[u].Raw.GetAsync("/v2/users/me/meetings?" + zoomQuery);
                await answer.Content.ReadAsStringAsync();
                return answer.IsSuccessStatusCode;
            };
            var results = new List<(double Requests, double Median, int Errors)[]>();
            foreach (var mode in new[] { Before, After, Unchanged, Alone, Call })
            {
                results.Add(await MeasureAsync(admin, users.Count, views, mode));
            }
            for (var u = 0; u < users.Count && pass; u++)
            {
                string Cell(int mode) => $"{results[mode][u].Requests:0.##} | {results[mode][u].Median:0.00} ms ({results[mode][u].Median / results[mode][0].Median:0.00}×)";
                Console.WriteLine($"| {users[u].Size:N0} | {view} | {Cell(0)} | {Cell(1)} | {Cell(2)} | {results[1][u].Errors + results[2][u].Errors} | {results[3][u].Median:0.00} ms | {results[4][u].Median:0.00} ms |");
            }
        }
        foreach (var user in users)
        {
            user.Browser.Dispose();
            user.Raw.Dispose();
        }
        await app.StopAsync();
        zoomProcess.Kill();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The page asked for, or an error: any other status or a redirect (to Problem, Reconnect or the start page).</summary>
    private static async Task<bool> PageAsync(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(new Uri(Origin, path));
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == System.Net.HttpStatusCode.OK && body.Contains("<h1>Upcoming meetings</h1>", StringComparison.Ordinal);
    }

    /// <summary>
    /// Each user's cost of one kind of view: Zoom requests per view (each user's views counted on their own at
    /// the emulator), then the median time over rounds in which every user takes a turn (alternating runs,
    /// so that drift in the machine's speed bills everyone alike), after a warm-up round.
    /// </summary>
    private static async Task<(double Requests, double Median, int Errors)[]> MeasureAsync(HttpClient admin, int users, int views, Func<int, Task<bool>> view)
    {
        var requests = new double[users];
        for (var u = 0; u < users; u++)
        {
            await view(u);
            var before = await ApiRequestsAsync(admin);
            const int Counted = 5;
            for (var n = 0; n < Counted; n++)
            {
                await view(u);
            }
            requests[u] = (await ApiRequestsAsync(admin) - before) / (double)Counted;
        }
        var times = Enumerable.Range(0, users).Select(_ => new List<double>()).ToArray();
        var errors = new int[users];
        for (var n = 0; n < views; n++)
        {
            for (var u = 0; u < users; u++)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await view(u))
                {
                    errors[u]++;
                }
                times[u].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        return [.. Enumerable.Range(0, users).Select(u => (requests[u], times[u].Order().ElementAt(views / 2), errors[u]))];
    }

    private static async Task<bool> ListEverythingAsync(ZoomClient zoom)
    {
        await foreach (var _ in zoom.Meetings.ListAllAsync(new MeetingListOptions { Type = MeetingListType.Scheduled, PageSize = 300 }))
        {
        }
        return true;
    }

    private static async Task<long> ApiRequestsAsync(HttpClient admin) =>
        JsonNode.Parse(await admin.GetStringAsync("/_emulator/stats"))!["api_requests"]!.GetValue<long>();

    /// <summary>A token of a second app for the user, to make meetings behind the scheduler's back.</summary>
    private static async Task<(string UserId, string Token)> ApiTokenAsync(Uri emulator, string email)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var callback = await EmulatorPages.SignInAndAllowAsync(browser, emulator, new Uri(emulator, $"/oauth/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(Redirect)}&state=s").AbsoluteUri, email, "pw");
        var code = Uri.UnescapeDataString(callback.Query.Split("code=")[1].Split('&')[0]);
        using var exchange = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator, "/oauth/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", Redirect)]),
        };
        exchange.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        using var answer = await browser.SendAsync(exchange);
        var token = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        using var me = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator, "/v2/users/me"));
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var meAnswer = await browser.SendAsync(me);
        return (JsonNode.Parse(await meAnswer.Content.ReadAsStringAsync())!["id"]!.GetValue<string>(), token);
    }

    /// <summary>One meeting a day from the Monday after next, at an hour that moves through the working day.</summary>
    private static async Task MakeMeetingsAsync(Uri emulator, string token, int count)
    {
        using var http = new HttpClient { BaseAddress = emulator };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + 7);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var day = monday.AddDays(n);
            using var response = await http.PostAsJsonAsync("/v2/users/me/meetings", new { topic = $"Meeting {n}", type = 2, start_time = $"{day:yyyy-MM-dd}T{9 + (n % 8):00}:00:00Z", timezone = "UTC", duration = 45 }, ct);
            response.EnsureSuccessStatusCode();
        });
    }
}
