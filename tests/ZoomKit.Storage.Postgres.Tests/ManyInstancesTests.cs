using System.Net;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>Several app instances as separate processes, one PostgreSQL, one emulator.</summary>
public sealed class ManyInstancesTests
{
    [Fact]
    public async Task ThreeInstancesFiftyUsers_TokensExpireTogether_OneRefreshPerUserNoInvalidGrantNoFailedRequest()
    {
        await using var cluster = await AppInstances.StartAsync(instances: 3, users: 50);
        var users = await Task.WhenAll(Enumerable.Range(0, 50).Select(u => cluster.SignInAsync(u, cluster.Urls[u % 3])));
        using var admin = new HttpClient { BaseAddress = cluster.Emulator.BaseUrl };
        (await admin.PostAsJsonAsync("/_emulator/clock", new { advance_seconds = 3600 })).EnsureSuccessStatusCode();

        // 300 requests at once, each user's six spread over the three instances.
        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = await users[i % 50].GetAsync(new Uri(cluster.Urls[i % 3], "/meetings"));
            return (response.StatusCode, Body: $"{response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
        }));

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Contains("Upcoming meetings", a.Body, StringComparison.Ordinal);
        });
        var stats = JsonNode.Parse(await admin.GetStringAsync("/_emulator/stats"))!;
        Assert.Equal(50, stats["token_requests"]!["refresh_token"]!.GetValue<long>());
        Assert.Equal(0, stats["token_errors"]!["invalid_grant"]!.GetValue<long>());
        foreach (var user in users)
        {
            user.Dispose();
        }
    }

    [Fact]
    public async Task FeedLink_MadeOnOneInstance_ServedByTheOther_NewLinkEndsTheOldOnBoth()
    {
        await using var cluster = await AppInstances.StartAsync(instances: 2, users: 1);
        using var user = await cluster.SignInAsync(0, cluster.Urls[0]);
        using var calendarApp = new HttpClient();

        var form = await user.GetStringAsync(new Uri(cluster.Urls[0], "/meetings/subscribe"));
        using var made = await user.PostAsync(new Uri(cluster.Urls[0], "/meetings/subscribe"), new FormUrlEncodedContent([new("__RequestVerificationToken", ZoomKit.Testing.AppSignIn.AntiforgeryToken(form))]));
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        // The other instance shows the same address: the link is in PostgreSQL, its secret under the shared keys.
        var first = FeedPath(await user.GetStringAsync(new Uri(cluster.Urls[1], "/meetings/subscribe")));
        Assert.Equal(first, FeedPath(await user.GetStringAsync(new Uri(cluster.Urls[0], "/meetings/subscribe"))));
        foreach (var instance in cluster.Urls)
        {
            using var feed = await calendarApp.GetAsync(new Uri(instance, first));
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            Assert.StartsWith("BEGIN:VCALENDAR", await feed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        form = await user.GetStringAsync(new Uri(cluster.Urls[1], "/meetings/subscribe"));
        (await user.PostAsync(new Uri(cluster.Urls[1], "/meetings/subscribe"), new FormUrlEncodedContent([new("__RequestVerificationToken", ZoomKit.Testing.AppSignIn.AntiforgeryToken(form))]))).Dispose();
        var second = FeedPath(await user.GetStringAsync(new Uri(cluster.Urls[0], "/meetings/subscribe")));
        Assert.NotEqual(first, second);
        foreach (var instance in cluster.Urls)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(new Uri(instance, first))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(new Uri(instance, second))).StatusCode);
        }
    }

    // The feed address the Subscribe page shows, as a path (each instance names itself as the host).
    private static string FeedPath(string page) =>
        new Uri(System.Text.RegularExpressions.Regex.Match(page, "id=\"feed-url\" readonly value=\"([^\"]+)\"").Groups[1].Value).AbsolutePath;

    [Fact]
    public async Task Cookie_IssuedByInstanceOne_AcceptedByTwoAndThree()
    {
        await using var cluster = await AppInstances.StartAsync(instances: 3, users: 1);
        using var user = await cluster.SignInAsync(0, cluster.Urls[0]);

        foreach (var url in cluster.Urls.Skip(1))
        {
            using var response = await user.GetAsync(new Uri(url, "/meetings"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Upcoming meetings", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DeauthorizationRetriedAfterReconnect_ToAnotherInstance_NewConnectionSurvives()
    {
        await using var cluster = await AppInstances.StartAsync(instances: 2, users: 1);
        using var before = await cluster.SignInAsync(0, cluster.Urls[0]);
        var zoomUserId = await ZoomUserIdAsync(cluster);
        var delivery = Encoding.UTF8.GetBytes($$$"""
            {"event":"app_deauthorized","event_ts":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"payload":{"account_id":"account-0","user_id":"{{{zoomUserId}}}","signature":"s","deauthorization_time":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}}}","client_id":"zoomkit-local"}}
            """);

        // The user removes the app; instance one deletes the connection, but its answer is lost, so Zoom will retry.
        Assert.Equal(HttpStatusCode.NoContent, await PostSignedAsync(cluster.Urls[0], delivery));
        Assert.Equal(HttpStatusCode.Redirect, (await before.GetAsync(new Uri(cluster.Urls[0], "/meetings"))).StatusCode);
        // The user connects again; then Zoom's retry, signed anew, reaches instance two.
        using var after = await cluster.SignInAsync(0, cluster.Urls[0]);
        Assert.Equal(HttpStatusCode.NoContent, await PostSignedAsync(cluster.Urls[1], delivery));

        using var meetings = await after.GetAsync(new Uri(cluster.Urls[1], "/meetings"));
        Assert.Equal(HttpStatusCode.OK, meetings.StatusCode);
        Assert.Equal(zoomUserId, await ZoomUserIdAsync(cluster));
    }

    [Fact]
    public async Task MeetingStarted_DeliveredToOneInstance_PushedToThePageOpenOnTheOther()
    {
        await using var cluster = await AppInstances.StartAsync(instances: 2, users: 1);
        using var user = await cluster.SignInAsync(0, cluster.Urls[0]);
        var hostId = await ZoomUserIdAsync(cluster);
        // The person's page is open on instance two, listening.
        using var stream = await user.GetAsync(new Uri(cluster.Urls[1], "/meetings/live"), HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("event: snapshot", await events.ReadLineAsync());
        Assert.Equal("data: []", await events.ReadLineAsync());

        // Zoom's webhook reaches instance one only.
        var started = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["event"] = "meeting.started",
            ["event_ts"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["payload"] = new JsonObject
            {
                ["account_id"] = "account-0",
                ["object"] = new JsonObject { ["id"] = "81234567890", ["uuid"] = "u1", ["host_id"] = hostId, ["topic"] = "Stand-up", ["type"] = 2, ["start_time"] = "2031-01-02T10:00:00Z", ["timezone"] = "UTC", ["duration"] = 15 },
            },
        }.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, await PostSignedAsync(cluster.Urls[0], started));

        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        string? line;
        do
        {
            line = await events.ReadLineAsync(within.Token);
        }
        while (line is not null && !line.StartsWith("data: {", StringComparison.Ordinal));
        Assert.Equal("data: {\"id\":81234567890,\"live\":true}", line);
        // And a page opened on instance two now is served with the badge on.
        var page = await user.GetStringAsync(new Uri(cluster.Urls[1], "/meetings"));
        Assert.Contains("Upcoming meetings", page, StringComparison.Ordinal);
    }

    private static async Task<string> ZoomUserIdAsync(AppInstances cluster)
    {
        await using var db = new Npgsql.NpgsqlConnection(cluster.ConnectionString);
        await db.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT zoom_user_id FROM zoomkit_connections", db);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<HttpStatusCode> PostSignedAsync(Uri instance, byte[] body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance, "/zoom/webhook")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.Add(ZoomKit.Webhooks.ZoomWebhookConstants.TimestampHeader, timestamp);
        request.Headers.Add(ZoomKit.Webhooks.ZoomWebhookConstants.SignatureHeader, new ZoomKit.Webhooks.ZoomWebhookVerifier(AppInstances.WebhookSecret).Sign(timestamp, body));
        using var answer = await http.SendAsync(request);
        return answer.StatusCode;
    }
}
