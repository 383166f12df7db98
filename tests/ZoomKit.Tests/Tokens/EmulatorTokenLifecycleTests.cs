using Microsoft.Extensions.Time.Testing;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

/// <summary>The token lifecycle's promises again, against the emulator's real OAuth server over loopback HTTP.</summary>
public sealed class EmulatorTokenLifecycleTests : IAsyncLifetime
{
    private EmulatorSession _emulator = null!;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemoryTokenStore _store = new();
    private ZoomOAuthClient _oauth = null!;
    private ZoomTokenManager _manager = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorSession.StartAsync();
        _oauth = _emulator.CreateOAuthClient();
        _manager = new ZoomTokenManager(_oauth, _store, timeProvider: _time);
        await _manager.ConnectAsync("user-1", await _emulator.AuthorizeAsync(_oauth));
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task ExpireAsync()
    {
        _time.Advance(TimeSpan.FromHours(1));
        await _emulator.AdvanceAsync(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task GetAccessTokenAsync_ThousandCallersAfterExpiry_OneRefreshAtTheEmulator()
    {
        await ExpireAsync();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(async () => await _manager.GetAccessTokenAsync("user-1"))));

        Assert.Equal(1, await _emulator.RefreshRequestsAsync());
        Assert.Single(tokens.Select(t => t.Value).Distinct());
        Assert.Equal(0, await _emulator.InvalidGrantsAsync());
    }

    [Fact]
    public async Task GetAccessTokenAsync_AnswerDroppedAfterRotation_RefreshResponseLostAfterOneMoreTry()
    {
        await ExpireAsync();
        await _emulator.FaultAsync(new { method = "POST", path = "/oauth/token", fault = "drop_response" });

        var lost = await Assert.ThrowsAsync<ZoomOAuthException>(async () => await _manager.GetAccessTokenAsync("user-1"));
        var reauth = await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _manager.GetAccessTokenAsync("user-1"));
        await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _manager.GetAccessTokenAsync("user-1"));

        Assert.True(lost.Error.OutcomeUnknown);
        Assert.Equal(ReauthorizationReason.RefreshResponseLost, reauth.Reason);
        Assert.Equal(2, await _emulator.RefreshRequestsAsync());
        Assert.Equal(1, await _emulator.InvalidGrantsAsync());
    }

    [Fact]
    public async Task GetAccessTokenAsync_ServerErrorWhileTokenStillValid_CallerServed()
    {
        var current = await _manager.GetAccessTokenAsync("user-1");
        _time.Advance(TimeSpan.FromMinutes(57));
        await _emulator.FaultAsync(new { method = "POST", path = "/oauth/token", fault = "status", status = 503 });

        var served = await _manager.GetAccessTokenAsync("user-1");

        Assert.Equal(current.Value, served.Value);
        Assert.Equal(0, await _emulator.RefreshRequestsAsync());
    }

    [Fact]
    public async Task GetAccessTokenAsync_UserRemovedApp_ReauthorizationRequiredAfterOneAttempt()
    {
        await ExpireAsync();
        using var content = System.Net.Http.Json.JsonContent.Create(new { email = "demo@zoomkit.local" });
        (await _emulator.Admin.PostAsync("/_emulator/deauthorize", content)).EnsureSuccessStatusCode();

        var error = await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _manager.GetAccessTokenAsync("user-1"));

        Assert.Equal(ReauthorizationReason.RefreshTokenRejected, error.Reason);
        Assert.Equal(1, await _emulator.RefreshRequestsAsync());
        Assert.NotNull(await _store.GetAsync("user-1"));
    }

    [Fact]
    public async Task DisconnectAsync_Connected_RevokesAtZoomAndDeletes()
    {
        var refreshToken = (await _store.GetAsync("user-1"))!.RefreshToken!;

        await _manager.DisconnectAsync("user-1");

        Assert.Null(await _store.GetAsync("user-1"));
        // Checked at Zoom: the authorization is gone, so its last refresh token is refused.
        var refresh = await _emulator.CreateOAuthClient().RefreshAsync(refreshToken);
        Assert.Equal(ZoomKit.OAuth.OAuthErrorKind.InvalidGrant, refresh.Error!.Kind);
        await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _manager.GetAccessTokenAsync("user-1"));
    }
}
