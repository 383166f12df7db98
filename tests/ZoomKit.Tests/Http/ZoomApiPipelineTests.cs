using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.DependencyInjection;
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
    public async Task Get_FirstAttemptPastItsDeadline_RetriedAndSucceeds()
    {
        await using var h = await ApiHarness.StartAsync(api: o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        var created = await h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Slow once" });
        // Held far longer than the test waits: only a deadline per attempt and a retry can answer in time.
        await h.Emulator.FaultAsync(new { method = "GET", path = $"/v2/meetings/{created.Id}", fault = "delay", delay_ms = 120_000, times = 1 });

        var read = await h.Client.Meetings.GetAsync(created.Id).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("Slow once", read.Topic);
    }

    [Fact]
    public async Task Create_AttemptPastItsDeadline_OutcomeUnknownAndNotSentAgain()
    {
        await using var h = await ApiHarness.StartAsync(api: o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        await h.Emulator.FaultAsync(new { method = "POST", path = "/v2/users/me/meetings", fault = "delay", delay_ms = 3_000, times = 1 });

        var error = await Assert.ThrowsAsync<ZoomOutcomeUnknownException>(() => h.Client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Slow" }));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("Zoom:AttemptTimeout", error.InnerException.Message, StringComparison.Ordinal);
        // The emulator processes the held create after its delay: it lands once, never twice.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, (await h.Emulator.StatsAsync())["meetings"]!.GetValue<long>());
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
    public async Task ThreeUsersOfOneAccount_CreatingAsFastAsTheyCan_No429AtZoomAndNeverOverTheAccountBudget()
    {
        await using var emulator = await EmulatorSession.StartAsync(
        [
            new("Emulator:AutoApprove", "false"), new("Emulator:RateLimits:MeetingCreateUpdatePerUserPerDay", "100000"),
            .. Enumerable.Range(0, 3).SelectMany(u => new KeyValuePair<string, string?>[]
            {
                new($"Emulator:Users:{u}:Email", $"user{u}@example.com"), new($"Emulator:Users:{u}:Password", "pw"), new($"Emulator:Users:{u}:AccountId", "shared-account"),
            }),
        ]);
        var services = new ServiceCollection();
        services.AddZoomKit(o =>
        {
            o.ClientId = EmulatorSession.ClientId;
            o.ClientSecret = EmulatorSession.ClientSecret;
            o.RedirectUri = EmulatorSession.Redirect;
            o.OAuthBaseUrl = emulator.BaseUrl;
        });
        services.Configure<ZoomApiOptions>(o => (o.ApiBaseUrl, o.DailyMeetingWritesPerUser) = (new Uri(emulator.BaseUrl, "/v2"), int.MaxValue));
        await using var provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<ZoomTokenManager>();
        var clients = new List<ZoomClient>();
        for (var u = 0; u < 3; u++)
        {
            await manager.ConnectAsync($"c{u}", await emulator.AuthorizeAsUserAsync(provider.GetRequiredService<ZoomKit.OAuth.ZoomOAuthClient>(), $"user{u}@example.com", "pw"));
            var client = provider.GetRequiredService<ZoomClientFactory>().CreateClient($"c{u}");
            var me = await client.Users.GetMeAsync();
            await manager.RecordIdentityAsync($"c{u}", new ZoomIdentity(me.Id, me.AccountId));
            clients.Add(client);
        }
        var limitedBefore = (await emulator.StatsAsync())["rate_limited"]!.GetValue<long>();
        await Task.Delay(1100);

        var created = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Fast" }, cancellationToken: stop.Token);
                    Interlocked.Increment(ref created);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
            }
        }))));
        var seconds = clock.Elapsed.TotalSeconds;

        // Zoom's Pro plan allows the account 30 Light requests a second, whoever of its users sends them.
        Assert.Equal(limitedBefore, (await emulator.StatsAsync())["rate_limited"]!.GetValue<long>());
        // How much of the budget is used depends on the machine's load (the benchmarks measure it); that it is never exceeded does not.
        Assert.True(created > 0, "no create went through");
        Assert.True(created <= 30 * seconds + 30, $"{created} creates in {seconds:0.00} s: over the account's budget");
    }

    [Fact]
    public async Task Call_ConnectionWithRegionalApiUrl_GoesToThatHost()
    {
        var zoom = new StubZoom(_ => (200, """{"id":"u-1","email":"eu@example.com"}""", []));
        await using var provider = StubbedServices(zoom);
        await provider.GetRequiredService<ZoomTokenManager>().ConnectAsync("c", new ZoomKit.OAuth.ZoomTokens("at", "rt", TimeSpan.FromHours(1), ["user:read"], new Uri("https://api-eu.zoom.us")));

        var me = await provider.GetRequiredService<ZoomClientFactory>().CreateClient("c").Users.GetMeAsync();

        Assert.Equal("eu@example.com", me.Email);
        Assert.Equal("https://api-eu.zoom.us/v2/users/me", Assert.Single(zoom.Requests).AbsoluteUri);
    }

    [Fact]
    public async Task Call_429WithoutTypeOrRetryAfter_PerSecondRetriedNotADailyBlock()
    {
        var zoom = new StubZoom(n => n == 0 ? (429, """{"code":429,"message":"Too many requests."}""", []) : (200, """{"id":"u-1","email":"a@example.com"}""", []));
        await using var provider = StubbedServices(zoom);
        await provider.GetRequiredService<ZoomTokenManager>().ConnectAsync("c", new ZoomKit.OAuth.ZoomTokens("at", "rt", TimeSpan.FromHours(1), ["user:read"]));
        var client = provider.GetRequiredService<ZoomClientFactory>().CreateClient("c");

        var me = await client.Users.GetMeAsync();
        var again = await client.Users.GetMeAsync();

        Assert.Equal(("a@example.com", "a@example.com"), (me.Email, again.Email));
        Assert.Equal(3, zoom.Requests.Count);
    }

    [Fact]
    public async Task Call_429SayingDaily_BlocksUntilTheResetWithNothingMoreSent()
    {
        var zoom = new StubZoom(_ => (429, """{"code":429,"message":"You have exceeded the daily rate limit (2000) of Medium API requests permitted for this account."}""", []));
        await using var provider = StubbedServices(zoom);
        await provider.GetRequiredService<ZoomTokenManager>().ConnectAsync("c", new ZoomKit.OAuth.ZoomTokens("at", "rt", TimeSpan.FromHours(1), ["user:read"]));
        var client = provider.GetRequiredService<ZoomClientFactory>().CreateClient("c");

        var first = await Assert.ThrowsAsync<ZoomRateLimitException>(() => client.Users.GetMeAsync());
        var second = await Assert.ThrowsAsync<ZoomRateLimitException>(() => client.Users.GetMeAsync());

        Assert.Equal((ZoomRateLimitType.Daily, ZoomRateLimitType.Daily), (first.Type, second.Type));
        Assert.Single(zoom.Requests);
    }

    private static ServiceProvider StubbedServices(StubZoom zoom)
    {
        var services = new ServiceCollection();
        services.AddZoomKit(o =>
        {
            o.ClientId = "id";
            o.ClientSecret = "secret";
            o.RedirectUri = new Uri("http://localhost:3000/zoom");
        });
        services.AddHttpClient(ZoomClientFactory.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => zoom);
        return services.BuildServiceProvider();
    }

    /// <summary>Zoom's API as a stub at the handler boundary: answers by the request's number, records each URI.</summary>
    private sealed class StubZoom(Func<int, (int Status, string Body, (string Name, string Value)[] Headers)> answer) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int n;
            lock (Requests)
            {
                n = Requests.Count;
                Requests.Add(request.RequestUri!);
            }
            var (status, body, headers) = answer(n);
            var response = new HttpResponseMessage((System.Net.HttpStatusCode)status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
            return Task.FromResult(response);
        }
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
