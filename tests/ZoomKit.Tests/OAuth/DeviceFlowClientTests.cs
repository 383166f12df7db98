using ZoomKit.OAuth;
using ZoomKit.Testing;

namespace ZoomKit.Tests.OAuth;

/// <summary><see cref="ZoomOAuthClient"/>'s device grant against the emulator, whose counters show how the client polled.</summary>
public sealed class DeviceFlowClientTests : IAsyncLifetime, IDisposable
{
    private EmulatorSession _emulator = null!;
    private readonly HttpClient _browser = new();

    public async Task InitializeAsync() => _emulator = await EmulatorSession.StartAsync(Setting("Emulator:DeviceCodeIntervalSeconds", "1"));

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _browser.Dispose();

    private static KeyValuePair<string, string?> Setting(string key, string value) => new(key, value);

    [Fact]
    public async Task WaitForDeviceTokens_UserAllows_TokensThatRefresh()
    {
        var oauth = _emulator.CreateOAuthClient();
        var authorization = await oauth.RequestDeviceAuthorizationAsync();
        Assert.Equal(TimeSpan.FromSeconds(1), authorization.Interval);
        Assert.DoesNotContain(authorization.DeviceCode, authorization.ToString(), StringComparison.Ordinal);

        var waiting = oauth.WaitForDeviceTokensAsync(authorization);
        await EmulatorPages.ActivateDeviceAsync(_browser, authorization.VerificationUri, authorization.UserCode, allow: true);
        var result = await waiting;

        Assert.True(result.Succeeded, result.ToString());
        Assert.True((await oauth.RefreshAsync(result.Tokens.RefreshToken!)).Succeeded);
        var stats = await _emulator.StatsAsync();
        Assert.Equal(0, stats["token_errors"]!["slow_down"]!.GetValue<long>());
        Assert.True(stats["token_requests"]!["device_code"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task WaitForDeviceTokens_ClockRunningFast_SlowedDownOnceThenPollsNoFasterThanAllowed()
    {
        // A client whose timers run five times fast polls every 0.2 s of real time, against an interval of 1 s:
        // the first poll meets slow_down, after which the client waits 1 + 5 s by its clock (1.2 s), enough.
        var oauth = _emulator.CreateOAuthClient(timeProvider: new FastClock(5));
        var authorization = await oauth.RequestDeviceAuthorizationAsync();

        var waiting = oauth.WaitForDeviceTokensAsync(authorization);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await _emulator.StatsAsync())["token_errors"]!["authorization_pending"]!.GetValue<long>() < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No two pending answers in 30 s: {await _emulator.StatsAsync()}; the client {(waiting.IsCompleted ? $"ended: {await waiting}" : "still polls")}");
            await Task.Delay(100);
        }
        await EmulatorPages.ActivateDeviceAsync(_browser, authorization.VerificationUri, authorization.UserCode, allow: true);
        var result = await waiting;

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(1, (await _emulator.StatsAsync())["token_errors"]!["slow_down"]!.GetValue<long>());
    }

    [Fact]
    public async Task WaitForDeviceTokens_UserDenies_AccessDenied()
    {
        var oauth = _emulator.CreateOAuthClient();
        var authorization = await oauth.RequestDeviceAuthorizationAsync();

        var waiting = oauth.WaitForDeviceTokensAsync(authorization);
        await EmulatorPages.ActivateDeviceAsync(_browser, authorization.VerificationUri, authorization.UserCode, allow: false);
        var result = await waiting;

        Assert.False(result.Succeeded);
        Assert.Equal(ZoomOAuthConstants.Errors.AccessDenied, result.Error.Error);
        Assert.IsType<ZoomOAuthException>(Record.Exception(result.GetTokensOrThrow));
    }

    [Fact]
    public async Task WaitForDeviceTokens_NobodyEntersTheCode_ExpiredToken()
    {
        await using var emulator = await EmulatorSession.StartAsync(Setting("Emulator:DeviceCodeIntervalSeconds", "1"), Setting("Emulator:DeviceCodeLifetimeSeconds", "2"));
        var oauth = emulator.CreateOAuthClient();
        var authorization = await oauth.RequestDeviceAuthorizationAsync();

        var result = await oauth.WaitForDeviceTokensAsync(authorization);

        Assert.Equal(ZoomOAuthConstants.Errors.ExpiredToken, result.Error?.Error);
        Assert.True((await emulator.StatsAsync())["token_errors"]!["authorization_pending"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task WaitForDeviceTokens_Cancelled_StopsPolling()
    {
        var oauth = _emulator.CreateOAuthClient();
        var authorization = await oauth.RequestDeviceAuthorizationAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = oauth.WaitForDeviceTokensAsync(authorization, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var polls = (await _emulator.StatsAsync())["token_requests"]!["device_code"]!.GetValue<long>();
        await Task.Delay(1500);
        Assert.Equal(polls, (await _emulator.StatsAsync())["token_requests"]!["device_code"]!.GetValue<long>());
    }

    /// <summary>A clock whose time and timers run <paramref name="factor"/> times as fast as the real one.</summary>
    private sealed class FastClock(double factor) : TimeProvider
    {
        private readonly DateTimeOffset _start = System.GetUtcNow();
        private readonly long _started = System.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => _start + System.GetElapsedTime(_started) * factor;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

        private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span / factor;
    }
}
