using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Testing;

namespace ZoomKit.Tests.Http;

/// <summary>
/// An operation ZoomKit does not type (<c>GET /users/{userId}/recordings</c>), through
/// <see cref="ZoomClient.SendAsync"/> and through a client of one's own with <c>AddZoomAccessToken</c>:
/// the same token, renewal, budgets and retry rules as the typed calls.
/// </summary>
public sealed class UntypedCallTests
{
    private static readonly KeyValuePair<string, string?>[] RecordingApp =
    [
        new("Emulator:Apps:0:ClientId", EmulatorSession.ClientId), new("Emulator:Apps:0:ClientSecret", EmulatorSession.ClientSecret),
        new("Emulator:Apps:0:RedirectUris:0", EmulatorSession.Redirect.AbsoluteUri),
        new("Emulator:Apps:0:Scopes:0", "meeting:read"), new("Emulator:Apps:0:Scopes:1", "meeting:write"),
        new("Emulator:Apps:0:Scopes:2", "user:read"), new("Emulator:Apps:0:Scopes:3", "recording:read"),
    ];

    [Fact]
    public async Task SendAsync_Recordings_ConnectionsTokenAndTheAnswerAsIs()
    {
        await using var h = await ApiHarness.StartAsync(RecordingApp);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/me/recordings?from=2026-11-01&to=2026-11-30");

        using var response = await h.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("2026-11-01", body["from"]!.GetValue<string>());
        Assert.Empty(body["meetings"]!.AsArray());
    }

    [Fact]
    public async Task GetFromJsonAsync_TokenExpiredAtZoom_ExactlyOneRefreshThenTheAnswer()
    {
        await using var h = await ApiHarness.StartAsync(RecordingApp);
        await h.Client.Users.GetMeAsync();
        // Zoom's clock passes the token's hour while its record here still looks fresh.
        await h.Emulator.AdvanceAsync(TimeSpan.FromSeconds(3600));
        var before = await h.Emulator.RefreshRequestsAsync();

        var recordings = await h.Client.GetFromJsonAsync("users/me/recordings", RecordingsJson.Default.JsonElement);

        Assert.Equal(JsonValueKind.Array, recordings.GetProperty("meetings").ValueKind);
        Assert.Equal(before + 1, await h.Emulator.RefreshRequestsAsync());
    }

    [Fact]
    public async Task SendAsync_StatedCategoryBudget_PacedSoZoomNeverSays429()
    {
        // Zoom allows 2 Medium calls a second here; ZoomKit is told the same and that the call is Medium.
        await using var h = await ApiHarness.StartAsync([.. RecordingApp, new("Emulator:RateLimits:MediumPerSecond", "2")], api: o => o.MediumPerSecond = 2);

        var statuses = await SixMediumCallsAtOnceAsync(h);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(0, (await h.Emulator.StatsAsync())["rate_limited"]!.GetValue<long>());
    }

    [Fact]
    public async Task SendAsync_FirstRequestSlowToReachZoom_LaterOnesStillNeverMakeA429()
    {
        // The first request reaches Zoom 600 ms after it left (a new connection through a slow
        // network); those sent after it travel fast. Zoom counts requests when they arrive.
        await using var h = await ApiHarness.StartAsync([.. RecordingApp, new("Emulator:RateLimits:MediumPerSecond", "2")], api: o => o.MediumPerSecond = 2);
        await h.Emulator.FaultAsync(new { method = "GET", path = "/v2/users/me/recordings", fault = "delay", delay_ms = 600, times = 1 });

        var statuses = await SixMediumCallsAtOnceAsync(h);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(0, (await h.Emulator.StatsAsync())["rate_limited"]!.GetValue<long>());
    }

    // Six Medium calls at once, three times what Zoom allows them a second here.
    private static Task<HttpStatusCode[]> SixMediumCallsAtOnceAsync(ApiHarness h) => Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "users/me/recordings");
        using var response = await h.Client.SendAsync(request, ZoomRateCategory.Medium);
        return response.StatusCode;
    }));

    [Fact]
    public async Task SendAsync_GetRetriedAfter503_PostNeverSentTwice()
    {
        await using var h = await ApiHarness.StartAsync(RecordingApp);
        await h.Emulator.FaultAsync(new { method = "GET", path = "/v2/users/me/recordings", fault = "status", status = 503, times = 1 });
        await h.Emulator.FaultAsync(new { method = "POST", path = "/v2/users/me/meetings", fault = "status", status = 503, times = 1 });
        var before = (await h.Emulator.StatsAsync())["meetings"]!.GetValue<long>();

        using var get = await h.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "users/me/recordings"));
        using var post = await h.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "users/me/meetings")
        {
            Content = new StringContent("""{"topic":"Untyped"}""", System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal(before, (await h.Emulator.StatsAsync())["meetings"]!.GetValue<long>());
    }

    [Fact]
    public async Task AddZoomAccessToken_OwnTypedClient_TokenAndOneRefreshOnExpiry()
    {
        await using var h = await ApiHarness.StartAsync(RecordingApp, configure: services =>
            services.AddHttpClient<RecordingsClient>((sp, http) => http.BaseAddress = new Uri(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ZoomApiOptions>>().Value.ApiBaseUrl.AbsoluteUri.TrimEnd('/') + "/"))
                .AddZoomAccessToken(_ => ApiHarness.User));
        var mine = h.Services.GetRequiredService<RecordingsClient>();
        Assert.Equal(HttpStatusCode.OK, await mine.ListAsync());
        await h.Emulator.AdvanceAsync(TimeSpan.FromSeconds(3600));
        var before = await h.Emulator.RefreshRequestsAsync();

        Assert.Equal(HttpStatusCode.OK, await mine.ListAsync());
        Assert.Equal(before + 1, await h.Emulator.RefreshRequestsAsync());
    }

    [Fact]
    public async Task AddZoomAccessToken_NoConnection_ClearErrorBeforeAnyIo()
    {
        await using var h = await ApiHarness.StartAsync(RecordingApp, configure: services =>
            services.AddHttpClient<RecordingsClient>(http => http.BaseAddress = new Uri("http://127.0.0.1:9/v2/")).AddZoomAccessToken(_ => null));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Services.GetRequiredService<RecordingsClient>().ListAsync());

        Assert.Contains("ForConnection", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A hand-written typed client, as an application would write one for an endpoint ZoomKit does not type.</summary>
    private sealed class RecordingsClient(HttpClient http)
    {
        public async Task<HttpStatusCode> ListAsync()
        {
            using var response = await http.GetAsync(new Uri("users/me/recordings", UriKind.Relative));
            return response.StatusCode;
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
internal sealed partial class RecordingsJson : System.Text.Json.Serialization.JsonSerializerContext;
