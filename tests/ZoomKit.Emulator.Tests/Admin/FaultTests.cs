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
