using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.DependencyInjection;

/// <summary>
/// Two Zoom apps in one process (<c>AddZoomKit(name, …)</c>): one user connects to both, and the
/// emulator's counts per client id show that each connection calls, refreshes and spends budget as
/// its own app.
/// </summary>
public sealed class NamedAppsTests : IAsyncLifetime
{
    private const string AppB = "zoomkit-app-b";
    private const string AppBSecret = "zoomkit-app-b-secret";

    private EmulatorSession _emulator = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorSession.StartAsync(
        [
            .. EmulatorSession.NativeLoopbackApp,
            new("Emulator:Apps:1:ClientId", AppB), new("Emulator:Apps:1:ClientSecret", AppBSecret),
            new("Emulator:Apps:1:RedirectUris:0", EmulatorSession.Redirect.AbsoluteUri),
        ]);
        var services = new ServiceCollection();
        // The unnamed app keeps working beside the named ones.
        services.AddZoomKit(o => Use(o, EmulatorSession.ClientId, EmulatorSession.ClientSecret));
        services.Configure<ZoomApiOptions>(o => o.ApiBaseUrl = new Uri(_emulator.BaseUrl, "/v2"));
        services.AddZoomKit("a", o => Use(o, EmulatorSession.ClientId, EmulatorSession.ClientSecret));
        services.Configure<ZoomApiOptions>("a", o => o.ApiBaseUrl = new Uri(_emulator.BaseUrl, "/v2"));
        services.AddZoomKit("b", o => Use(o, AppB, AppBSecret));
        services.Configure<ZoomApiOptions>("b", o =>
        {
            o.ApiBaseUrl = new Uri(_emulator.BaseUrl, "/v2");
            o.DailyMeetingWritesPerUser = 1;
        });
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task TwoApps_OneUserConnectedToEach_EachCallsRefreshesAndSpendsAsItsOwnApp()
    {
        await ConnectAsync("a", "alice");
        await ConnectAsync("b", "alice");
        var a = _services.GetRequiredKeyedService<ZoomClientFactory>("a").CreateClient("alice");
        var b = _services.GetRequiredKeyedService<ZoomClientFactory>("b").CreateClient("alice");

        await a.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Through A, 1" });
        await a.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Through A, 2" });
        await b.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Through B" });
        // B's own daily budget (1 write per user) is spent; A's is not touched by it.
        await Assert.ThrowsAsync<ZoomRateLimitException>(() => b.Meetings.CreateAsync(new MeetingCreateRequest { Topic = "Through B, again" }));
        // Both access tokens expire at Zoom: each connection refreshes with its own app's credentials.
        await _emulator.AdvanceAsync(TimeSpan.FromSeconds(3600));
        await a.Users.GetMeAsync();
        await b.Users.GetMeAsync();

        var clients = (await _emulator.StatsAsync())["clients"]!;
        // A: the code exchange and one refresh; B the same, never with the other's credentials.
        Assert.Equal(2, clients[EmulatorSession.ClientId]!["token_requests"]!.GetValue<long>());
        Assert.Equal(2, clients[AppB]!["token_requests"]!.GetValue<long>());
        // Calls whose token Zoom accepted: A two creates and the call after the refresh; B one create and its call.
        Assert.Equal(3, clients[EmulatorSession.ClientId]!["api_requests"]!.GetValue<long>());
        Assert.Equal(2, clients[AppB]!["api_requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task TwoApps_SameConnectionId_KeptApartInTheOneStore()
    {
        var viaA = await ConnectAsync("a", "alice");
        var viaB = await ConnectAsync("b", "alice");
        var store = _services.GetRequiredService<ITokenStore>();

        Assert.Equal(viaA.AccessToken, (await store.GetAsync("a/alice"))!.AccessToken);
        Assert.Equal(viaB.AccessToken, (await store.GetAsync("b/alice"))!.AccessToken);
        Assert.Null(await _services.GetRequiredService<ZoomTokenManager>().Store.GetAsync("alice"));
        Assert.Equal("alice", (await _services.GetRequiredKeyedService<ZoomTokenManager>("b").Store.GetAsync("alice"))!.Id);

        Assert.True(await _services.GetRequiredKeyedService<ZoomTokenManager>("b").Store.DeleteAsync("alice"));
        Assert.NotNull(await store.GetAsync("a/alice"));
    }

    [Fact]
    public void NamedApp_WithoutClientId_RefusedNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddZoomKit("broken", _ => { });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<ZoomOAuthClient>("broken"));
        Assert.Contains("ClientId", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddZoomKit("a/b", _ => { }));
    }

    private void Use(ZoomOAuthOptions options, string clientId, string secret)
    {
        options.ClientId = clientId;
        options.ClientSecret = secret;
        options.RedirectUri = EmulatorSession.Redirect;
        options.OAuthBaseUrl = _emulator.BaseUrl;
    }

    private async Task<ZoomConnection> ConnectAsync(string app, string connectionId)
    {
        var tokens = await _emulator.AuthorizeAsync(_services.GetRequiredKeyedService<ZoomOAuthClient>(app));
        return await _services.GetRequiredKeyedService<ZoomTokenManager>(app).ConnectAsync(connectionId, tokens);
    }
}
