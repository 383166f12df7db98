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
/// before (what the page read until paging: every scheduled meeting, <c>ListAllAsync</c>, timed through
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

    public static async Task RunAsync(int views)
    {
        var appPort = AppSignIn.FreePort();
        var emulatorPort = AppSignIn.FreePort();
        var emulator = new Uri($"http://127.0.0.1:{emulatorPort}");
        var data = Path.Combine(Path.GetTempPath(), "zoomkit-page-views", Guid.NewGuid().ToString("N"));
        var args = new List<string>
        {
            "--urls", $"http://127.0.0.1:{appPort}", "--App:EmulatorUrl", emulator.AbsoluteUri, "--App:DataFolder", data,
            "--Logging:LogLevel:Default", "Error", "--Emulator:RateLimits:Enabled", "false", "--Emulator:Webhooks:Url", "",
            "--Emulator:Apps:1:ClientId", ClientId, "--Emulator:Apps:1:ClientSecret", ClientSecret, "--Emulator:Apps:1:RedirectUris:0", Redirect,
        };
        for (var i = 0; i < Sizes.Length; i++)
        {
            args.AddRange([$"--Emulator:Users:{i}:Email", $"user{i}@example.com", $"--Emulator:Users:{i}:Password", "pw", $"--Emulator:Users:{i}:AccountId", $"account-{i}", $"--Emulator:Users:{i}:Timezone", "UTC"]);
        }
        await using var app = await ZoomKitApp.BuildAsync([.. args]);
        await app.StartAsync();
        var baseUrl = new Uri($"http://127.0.0.1:{appPort}");
        using var admin = new HttpClient { BaseAddress = emulator };
        var cache = app.Services.GetRequiredService<MeetingViewCache>();
        var factory = app.Services.GetRequiredService<ZoomClientFactory>();

        Console.WriteLine($"{views} views each, app and emulator in one process on 2 cores; times are medians");
        Console.WriteLine("| meetings | view | before: requests | before: time | after a change: requests | after a change: time | unchanged: requests | unchanged: time | errors |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var baseline = new Dictionary<string, (double Before, double After, double Unchanged)>();
        for (var i = 0; i < Sizes.Length; i++)
        {
            var email = $"user{i}@example.com";
            var (userId, token) = await ApiTokenAsync(emulator, email);
            await MakeMeetingsAsync(emulator, token, Sizes[i]);
            using var browser = await AppSignIn.SignInAsync(baseUrl, emulator, email, "pw");
            var zoom = factory.CreateClient(userId);
            foreach (var (view, path) in new[] { ("list", "/meetings"), ("week", "/meetings?view=week&week=1") })
            {
                var errors = 0;
                var before = await MeasureAsync(admin, views, async () =>
                {
                    await foreach (var _ in zoom.Meetings.ListAllAsync(new MeetingListOptions { Type = MeetingListType.Scheduled, PageSize = 300 }))
                    {
                    }
                    return true;
                });
                var after = await MeasureAsync(admin, views, async () =>
                {
                    cache.Changed(userId);
                    return await PageAsync(browser, path);
                });
                var unchanged = await MeasureAsync(admin, views, () => PageAsync(browser, path));
                errors += after.Errors + unchanged.Errors;
                if (i == 0)
                {
                    baseline[view] = (before.Median, after.Median, unchanged.Median);
                }
                var b = baseline[view];
                Console.WriteLine($"| {Sizes[i]:N0} | {view} | {before.Requests:0.##} | {before.Median:0.00} ms ({before.Median / b.Before:0.00}×) | {after.Requests:0.##} | {after.Median:0.00} ms ({after.Median / b.After:0.00}×) | {unchanged.Requests:0.##} | {unchanged.Median:0.00} ms ({unchanged.Median / b.Unchanged:0.00}×) | {errors} |");
            }
        }
        await app.StopAsync();
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
        using var response = await browser.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == System.Net.HttpStatusCode.OK && body.Contains("<h1>Upcoming meetings</h1>", StringComparison.Ordinal);
    }

    private static async Task<(double Median, double Requests, int Errors)> MeasureAsync(HttpClient admin, int views, Func<Task<bool>> view)
    {
        await view();
        var times = new List<double>();
        var errors = 0;
        var requestsBefore = await ApiRequestsAsync(admin);
        for (var n = 0; n < views; n++)
        {
            var started = Stopwatch.GetTimestamp();
            if (!await view())
            {
                errors++;
            }
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var requests = (await ApiRequestsAsync(admin) - requestsBefore) / (double)views;
        times.Sort();
        return (times[times.Count / 2], requests, errors);
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
