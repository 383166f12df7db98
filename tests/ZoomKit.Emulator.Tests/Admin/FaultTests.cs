using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.Admin;

/// <summary>Each fault kind, as a client sees it.</summary>
public sealed class FaultTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private string _token = "";

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _token = (await emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task AddAsync(object fault) => (await emulator.Http.PostAsJsonAsync("/_emulator/faults", fault)).EnsureSuccessStatusCode();

    private async Task<long> MeetingsAsync() => (await emulator.StatsAsync())["meetings"]!.GetValue<long>();

    [Fact]
    public async Task Status_Once_ThenNormal()
    {
        await AddAsync(new { method = "GET", path = "/v2/users/me", fault = "status", status = 503, times = 1 });

        var first = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", _token);
        var second = await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", _token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
    }

    [Fact]
    public async Task DropResponse_OnCreate_StateChangedButNoAnswer()
    {
        await AddAsync(new { method = "POST", path = "/v2/users/me/meetings", fault = "drop_response" });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, new JsonObject { ["topic"] = "Lost" }));

        Assert.Equal(1, await MeetingsAsync());
    }

    [Fact]
    public async Task Reset_OnCreate_NothingProcessed()
    {
        await AddAsync(new { method = "POST", path = "/v2/users/me/meetings", fault = "reset" });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, new JsonObject { ["topic"] = "Never" }));

        Assert.Equal(0, await MeetingsAsync());
    }

    [Fact]
    public async Task Malformed_OnToken_200WithBrokenBodyAfterRotation()
    {
        var tokens = await emulator.AuthorizeAsync();
        await AddAsync(new { method = "POST", path = "/oauth/token", fault = "malformed" });

        var (status, _) = await Record(() => emulator.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", tokens["refresh_token"]!.GetValue<string>())));
        var again = await emulator.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", tokens["refresh_token"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
    }

    [Fact]
    public async Task Delay_LongerThanClientTimeout_ClientTimesOutThenRequestsWork()
    {
        await AddAsync(new { method = "GET", path = "/v2/*", fault = "delay", delay_ms = 2000 });
        using var impatient = new HttpClient { BaseAddress = emulator.BaseUrl, Timeout = TimeSpan.FromMilliseconds(300) };
        impatient.DefaultRequestHeaders.Authorization = new("Bearer", _token);

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync("/v2/users/me"));
        Assert.Equal(HttpStatusCode.OK, (await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", _token)).Status);
    }

    [Fact]
    public async Task Faults_Delete_ClearsThem()
    {
        await AddAsync(new { method = "GET", path = "/v2/users/me", fault = "status", status = 500, times = 5 });
        await emulator.Http.DeleteAsync("/_emulator/faults");

        Assert.Equal(HttpStatusCode.OK, (await emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", _token)).Status);
    }

    [Fact]
    public async Task Faults_UnknownKind_RefusedNamingTheField()
    {
        var answer = await emulator.Http.PostAsJsonAsync("/_emulator/faults", new { method = "GET", path = "/v2/users/me", fault = "explode" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("fault must be one of", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode, string)> Record(Func<Task<(HttpStatusCode Status, JsonNode? Body)>> call)
    {
        try
        {
            var (status, _) = await call();
            return (status, "");
        }
        catch (System.Text.Json.JsonException)
        {
            // The body is broken JSON by design.
            return (HttpStatusCode.OK, "malformed");
        }
    }
}

/// <summary>The admin API refuses what a web page could send without a preflight, and takes a token when one is configured.</summary>
public sealed class AdminGuardTests
{
    public static TheoryData<string, string?> SimpleBodies => new()
    {
        { "/_emulator/reset", null },
        { "/_emulator/reset", "text/plain" },
        { "/_emulator/clock", "text/plain" },
        { "/_emulator/faults", "application/x-www-form-urlencoded" },
        { "/_emulator/deauthorize", "text/plain" },
    };

    [Theory]
    [MemberData(nameof(SimpleBodies))]
    public async Task Post_NotJson_415AndNothingChanges(string path, string? contentType)
    {
        await using var host = await ZoomEmulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        await http.PostAsJsonAsync("/_emulator/clock", new { advance_seconds = 60 });

        using var content = contentType is null ? null : new StringContent("""{"advance_seconds":3600,"email":"demo@zoomkit.local","method":"GET","path":"/v2/users/me","fault":"reset"}""", System.Text.Encoding.UTF8, contentType);
        using var answer = await http.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        // Not reset, not moved (reset would zero the offset, the body asked for an hour more), no fault armed.
        Assert.Equal(60, JsonNode.Parse(await http.GetStringAsync("/_emulator/clock"))!["offset_seconds"]!.GetValue<double>());
        using var api = await http.GetAsync("/v2/users/me");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task AdminToken_Configured_RequiredOnEveryAdminRequest()
    {
        await using var host = await ZoomEmulatorHost.StartAsync(settings: [new("Emulator:AdminToken", "let-me-steer")]);
        using var http = new HttpClient { BaseAddress = host.BaseUrl };

        using var without = await http.PostAsJsonAsync("/_emulator/reset", new { });
        using var stats = await http.GetAsync("/_emulator/stats");
        http.DefaultRequestHeaders.Authorization = new("Bearer", "let-me-steer");
        using var with = await http.PostAsJsonAsync("/_emulator/reset", new { });

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.NoContent), (without.StatusCode, stats.StatusCode, with.StatusCode));
    }
}
