using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Tests.Meetings;

public sealed class RateLimitFixture : EmulatorFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Emulator:RateLimits:LightPerSecond", "10"),
    ];
}

public sealed class RateLimitTests(RateLimitFixture emulator) : IClassFixture<RateLimitFixture>, IAsyncLifetime
{
    private string _token = "";

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _token = (await emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
        await Task.Delay(1100);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Burst_HundredAtTenPerSecond_429sWithZoomsHeaders()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => emulator.ApiAsync(HttpMethod.Get, "/v2/users/me", _token)));

        var limited = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(answers.Count(a => a.Status == HttpStatusCode.OK), 10, 30);
        Assert.NotEmpty(limited);
        var first = limited[0];
        Assert.Equal(429, first.Code);
        Assert.Equal("You have reached the maximum per-second rate limit for this API. Try again later.", first.Body!["message"]!.GetValue<string>());
        Assert.Equal("Light", first.Header("X-RateLimit-Category"));
        Assert.Equal("QPS", first.Header("X-RateLimit-Type"));
        Assert.Equal("10", first.Header("X-RateLimit-Limit"));
        Assert.Equal("1", first.Header("Retry-After"));
        Assert.Equal(limited.Count, (await emulator.StatsAsync())["rate_limited"]!.GetValue<long>());
    }

    [Fact]
    public async Task DailyQuota_101stCreate_429UntilMidnightUtc()
    {
        for (var i = 0; i < 100; i++)
        {
            var created = await CreatePacedAsync();
            Assert.Equal(HttpStatusCode.Created, created.Status);
        }

        var refused = await CreatePacedAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.", refused.Body!["message"]!.GetValue<string>());
        Assert.Equal("Daily-limit", refused.Header("X-RateLimit-Type"));
        var reset = DateTimeOffset.Parse(refused.Header("Retry-After"), CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, reset.TimeOfDay);

        var clock = (JsonObject)JsonNode.Parse(await emulator.Http.GetStringAsync("/_emulator/clock"))!;
        var now = DateTimeOffset.Parse(clock["now"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        await emulator.AdvanceAsync(reset - now + TimeSpan.FromSeconds(1));
        // The access token has expired by then: authorize again, as the app would have refreshed.
        _token = (await emulator.AuthorizeAsync())["access_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await CreatePacedAsync()).Status);
    }

    private async Task<ApiAnswer> CreatePacedAsync()
    {
        while (true)
        {
            var answer = await emulator.ApiAsync(HttpMethod.Post, "/v2/users/me/meetings", _token, new JsonObject { ["topic"] = "Quota" });
            if (answer.Status != HttpStatusCode.TooManyRequests || answer.Header("X-RateLimit-Type") != "QPS")
            {
                return answer;
            }
            await Task.Delay(200);
        }
    }
}
