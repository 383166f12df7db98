using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Http;

/// <summary>The pipeline's promises against the emulator: refresh on expiry, rate limits, retries, lost answers.</summary>
public sealed class ZoomApiPipelineTests
{
    [Fact]
    public async Task Call_AccessTokenExpiresMidSession_RefreshedUnnoticedAndConcurrentCallsShareOneRefresh()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.Client.Users.GetMeAsync();
        await h.Emulator.AdvanceAsync(TimeSpan.FromHours(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => h.Client.Users.GetMeAsync()));

        Assert.All(answers, u => Assert.Equal("demo@zoomkit.local", u.Email));
        Assert.Equal(1, await h.Emulator.RefreshRequestsAsync());
        Assert.Equal(0, await h.Emulator.InvalidGrantsAsync());
    }

    [Fact]
    public async Task Create_TwoHundredAtTenPerSecond_No429ReachesTheCaller()
    {
        await using var h = await ApiHarness.StartAsync(
            [new("Emulator:RateLimits:LightPerSecond", "10"), new("Emulator:RateLimits:MeetingCreateUpdatePerUserPerDay", "1000")],
            o => { o.LightPerSecond = 10; o.DailyMeetingWritesPerUser = 1000; });

        var created = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = $"Paced {i}" })));

        Assert.Equal(200, created.Select(m => m.Id).Distinct().Count());
        Assert.Equal(200, (await h.Emulator.StatsAsync())["meetings"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_101stOfTheDay_RateLimitExceptionWithResetAndNothingSent()
    {
        await using var h = await ApiHarness.StartAsync([new("Emulator:RateLimits:Enabled", "false")], o => o.LightPerSecond = 1000);
        for (var i = 0; i < 100; i++)
        {
            await h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = $"Q{i}" });
        }
        var sent = (await h.Emulator.StatsAsync())["api_requests"]!.GetValue<long>();

        var error = await Assert.ThrowsAsync<ZoomRateLimitException>(() => h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "One too many" }));
        await Assert.ThrowsAsync<ZoomRateLimitException>(() => h.Client.Meetings.UpdateAsync(1, new MeetingUpdateRequest { Topic = "Also blocked" }));

        Assert.Equal(ZoomRateLimitType.Daily, error.Type);
        Assert.Equal(TimeSpan.Zero, error.RetryAt.UtcDateTime.TimeOfDay);
        Assert.True(error.RetryAt > DateTimeOffset.UtcNow);
        Assert.Equal(sent, (await h.Emulator.StatsAsync())["api_requests"]!.GetValue<long>());
        // Reads are not part of the quota.
        Assert.NotNull(await h.Client.Users.GetMeAsync());
    }

    [Fact]
    public async Task Create_ZoomsDaily429_RaisedAtOnceAndLaterCreatesNotSent()
    {
        await using var h = await ApiHarness.StartAsync([new("Emulator:RateLimits:MeetingCreateUpdatePerUserPerDay", "3")], o => o.DailyMeetingWritesPerUser = 1000);
        for (var i = 0; i < 3; i++)
        {
            await h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = $"Q{i}" });
        }

        var error = await Assert.ThrowsAsync<ZoomRateLimitException>(() => h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Refused by Zoom" }));
        var sent = (await h.Emulator.StatsAsync())["api_requests"]!.GetValue<long>();
        await Assert.ThrowsAsync<ZoomRateLimitException>(() => h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Not sent" }));

        Assert.Equal((ZoomRateLimitType.Daily, 429), (error.Type, error.StatusCode));
        Assert.Contains("daily rate limit (3)", error.Message, StringComparison.Ordinal);
        Assert.Equal(sent, (await h.Emulator.StatsAsync())["api_requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_AnswerDropped_OutcomeUnknownAndNoDuplicate()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.Emulator.FaultAsync(new { method = "POST", path = "/v2/users/me/meetings", fault = "drop_response" });

        var error = await Assert.ThrowsAsync<ZoomOutcomeUnknownException>(() => h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Maybe" }));

        Assert.Contains("check before retrying", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await h.Emulator.StatsAsync())["meetings"]!.GetValue<long>());
        var listed = await h.Client.Meetings.ListAsync();
        Assert.Single(listed.Meetings);
    }

    [Fact]
    public async Task Get_503Once_RetriedAndSucceeds()
    {
        await using var h = await ApiHarness.StartAsync();
        var created = await h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Retry me" });
        await h.Emulator.FaultAsync(new { method = "GET", path = $"/v2/meetings/{created.Id}", fault = "status", status = 503, times = 1 });

        var read = await h.Client.Meetings.GetAsync(created.Id);

        Assert.Equal("Retry me", read.Topic);
    }

    [Fact]
    public async Task Create_503_NotRetried()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.Emulator.FaultAsync(new { method = "POST", path = "/v2/users/me/meetings", fault = "status", status = 503, times = 1 });

        var error = await Assert.ThrowsAsync<ZoomApiException>(() => h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Once" }));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(0, (await h.Emulator.StatsAsync())["meetings"]!.GetValue<long>());
    }

    [Fact]
    public async Task Get_MalformedBody_ClearError()
    {
        await using var h = await ApiHarness.StartAsync();
        var created = await h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Garbled" });
        await h.Emulator.FaultAsync(new { method = "GET", path = $"/v2/meetings/{created.Id}", fault = "malformed" });

        var error = await Assert.ThrowsAsync<ZoomApiException>(() => h.Client.Meetings.GetAsync(created.Id));

        Assert.Contains("not the JSON it should be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TokenWithoutMeetingWrite_RefusedBeforeAnyIo()
    {
        await using var h = await ApiHarness.StartAsync([new("Emulator:Apps:0:ClientId", EmulatorSession.ClientId), new("Emulator:Apps:0:ClientSecret", EmulatorSession.ClientSecret),
            new("Emulator:Apps:0:RedirectUris:0", EmulatorSession.Redirect.AbsoluteUri), new("Emulator:Apps:0:Scopes:0", "meeting:read"), new("Emulator:Apps:0:Scopes:1", "user:read")]);
        var before = (await h.Emulator.StatsAsync())["api_requests"]!.GetValue<long>();

        var error = await Assert.ThrowsAsync<ZoomScopeException>(() => h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "No scope" }));

        Assert.Equal((0, 4711), (error.StatusCode, error.Code));
        Assert.Contains("meeting:write", error.RequiredScopes);
        Assert.Contains("meeting:write", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await h.Emulator.StatsAsync())["api_requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_ScopesUnknownLocallyZoomRefuses400_4711_ScopeErrorNamingTheScopes()
    {
        await using var h = await ApiHarness.StartAsync([new("Emulator:Apps:0:ClientId", EmulatorSession.ClientId), new("Emulator:Apps:0:ClientSecret", EmulatorSession.ClientSecret),
            new("Emulator:Apps:0:RedirectUris:0", EmulatorSession.Redirect.AbsoluteUri), new("Emulator:Apps:0:Scopes:0", "meeting:read"), new("Emulator:Apps:0:Scopes:1", "user:read")]);
        // A token answer without "scope" leaves the granted scopes unknown, so only Zoom can refuse.
        var granted = await h.Emulator.AuthorizeAsync(h.Services.GetRequiredService<ZoomKit.OAuth.ZoomOAuthClient>());
        await h.Tokens.ConnectAsync("no-scope-list", new ZoomKit.OAuth.ZoomTokens(granted.AccessToken, granted.RefreshToken, granted.ExpiresIn, []));
        var client = h.Services.GetRequiredService<ZoomClientFactory>().CreateClient("no-scope-list");

        var error = await Assert.ThrowsAsync<ZoomScopeException>(() => client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "No scope" }));

        Assert.Equal((400, 4711), (error.StatusCode, error.Code));
        Assert.Contains("meeting:write", error.RequiredScopes);
        Assert.IsNotType<ZoomValidationException>(error);
    }

    [Fact]
    public async Task Call_AdoptedStoredTokenAlsoExpiredAtZoom_SucceedsWithOneRefresh()
    {
        await using var h = await ApiHarness.StartAsync();
        // This instance caches the first token; another instance on the same store refreshes it.
        await h.Client.Users.GetMeAsync();
        var other = new ZoomTokenManager(h.Services.GetRequiredService<ZoomKit.OAuth.ZoomOAuthClient>(), h.Tokens.Store);
        var first = await other.GetAccessTokenAsync(ApiHarness.User);
        var stored = await other.RefreshAsync(ApiHarness.User, first);
        Assert.NotEqual(first.Value, stored.Value);
        // Zoom's clock moves past both tokens' lives, while both records still look fresh here.
        await h.Emulator.AdvanceAsync(TimeSpan.FromSeconds(3600));
        var before = await h.Emulator.RefreshRequestsAsync();

        var me = await h.Client.Users.GetMeAsync();

        Assert.Equal("demo@zoomkit.local", me.Email);
        Assert.Equal(before + 1, await h.Emulator.RefreshRequestsAsync());
        Assert.Equal(0, await h.Emulator.InvalidGrantsAsync());
    }

    [Fact]
    public async Task Call_TokenRefusedRightAfterItsOwnRefresh_RefusalReachesTheCallerAfterOneRefresh()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.Client.Users.GetMeAsync();
        var before = await h.Emulator.RefreshRequestsAsync();
        // Zoom refuses every bearer token for a while: a new token does not help, and the pipeline must not loop.
        await h.Emulator.FaultAsync(new { method = "GET", path = "/v2/users/me", fault = "status", status = 401, code = 124, times = 5 });

        var error = await Assert.ThrowsAsync<ZoomApiException>(() => h.Client.Users.GetMeAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(before + 1, await h.Emulator.RefreshRequestsAsync());
    }

    [Fact]
    public async Task Call_RevokedConnection_ReauthorizationRequired()
    {
        await using var h = await ApiHarness.StartAsync();
        (await h.Emulator.Admin.PostAsJsonAsync("/_emulator/deauthorize", new { email = "demo@zoomkit.local" })).EnsureSuccessStatusCode();

        var error = await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(() => h.Client.Users.GetMeAsync());

        Assert.Equal(ReauthorizationReason.RefreshTokenRejected, error.Reason);
    }

    [Fact]
    public async Task Telemetry_Calls_CountedOnTheZoomKitMeter()
    {
        await using var h = await ApiHarness.StartAsync();
        var calls = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ZoomKit" && instrument.Name == "zoomkit.api.calls")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref calls, value));
        listener.Start();

        await h.Client.Users.GetMeAsync();
        await h.Client.Meetings.ListAsync();

        Assert.True(Interlocked.Read(ref calls) >= 2);
    }

    [Fact]
    public async Task Logs_WholeSuiteOfCalls_HoldNoTokenNorStartUrl()
    {
        await using var h = await ApiHarness.StartAsync();
        var meeting = await h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Secretive" });
        await h.Emulator.AdvanceAsync(TimeSpan.FromHours(1));
        await h.Client.Meetings.GetAsync(meeting.Id);
        var stored = await h.Services.GetRequiredService<ITokenStore>().GetAsync(ApiHarness.User);

        foreach (var record in h.Logs.GetSnapshot())
        {
            var text = record.Message + record.Exception;
            Assert.DoesNotContain(stored!.AccessToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(stored.RefreshToken!, text, StringComparison.Ordinal);
            Assert.DoesNotContain(meeting.StartUrl!, text, StringComparison.Ordinal);
            Assert.DoesNotContain(EmulatorSession.ClientSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("zak=", text, StringComparison.Ordinal);
        }
    }
}
