using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Tests.OAuth;

/// <summary>
/// What an unauthenticated caller can make the emulator remember: redirect URIs matched exactly,
/// stats keys of its own naming only, and every pending entry forgotten on the emulator clock.
/// </summary>
public sealed class BoundedStateTests : IAsyncLifetime, IDisposable
{
    private const string WebRedirect = "http://127.0.0.1:3000/zoom";
    private const string NativeRedirect = "http://127.0.0.1:8765/callback";

    private ZoomEmulatorHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await ZoomEmulatorHost.StartAsync(settings:
        [
            new("Emulator:Apps:0:ClientId", "web"), new("Emulator:Apps:0:ClientSecret", "web-secret"),
            new("Emulator:Apps:0:RedirectUris:0", WebRedirect),
            new("Emulator:Apps:1:ClientId", "cli"), new("Emulator:Apps:1:ClientSecret", "cli-secret"),
            new("Emulator:Apps:1:RedirectUris:0", NativeRedirect), new("Emulator:Apps:1:NativeLoopback", "true"),
        ]);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseUrl };
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("web", WebRedirect, HttpStatusCode.OK)]
    [InlineData("web", "http://127.0.0.1:4000/zoom", HttpStatusCode.BadRequest)]   // Zoom matches the allow list exactly
    [InlineData("web", "http://localhost:3000/zoom", HttpStatusCode.BadRequest)]
    [InlineData("cli", NativeRedirect, HttpStatusCode.OK)]
    [InlineData("cli", "http://127.0.0.1:51234/callback", HttpStatusCode.OK)]      // a native app's loopback port may vary
    [InlineData("cli", "http://127.0.0.1:51234/other", HttpStatusCode.BadRequest)]
    [InlineData("cli", "http://localhost:51234/callback", HttpStatusCode.BadRequest)]
    public async Task Authorize_RedirectUri_MatchedExactlyUnlessNativeLoopback(string clientId, string redirect, HttpStatusCode expected)
    {
        var answer = await _http.GetAsync($"/oauth/authorize?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirect)}&state=s");

        Assert.Equal(expected, answer.StatusCode);
    }

    [Fact]
    public async Task Token_UnknownGrantType_CountedAsOtherNotUnderItsOwnName()
    {
        var junk = new string('g', 10_000);
        await _http.PostAsync("/oauth/token", new FormUrlEncodedContent([new("grant_type", junk)]));
        await _http.PostAsync("/oauth/token", new FormUrlEncodedContent([new("grant_type", "refresh_token")]));

        var counters = _host.Services.GetRequiredService<EmulatorState>().Stats.Snapshot("token_requests.");
        Assert.Equal(["other", "refresh_token"], counters.Keys.Order());
        var stats = await _http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/_emulator/stats");
        Assert.Equal(1, stats!["token_requests"]!["other"]!.GetValue<long>());
    }

    [Fact]
    public async Task PendingAuthorizations_ForgottenOnTheEmulatorClock_AndBoundedMeanwhile()
    {
        var state = _host.Services.GetRequiredService<EmulatorState>();
        for (var i = 0; i < EmulatorState.MaxPendingEntries + 200; i++)
        {
            (await _http.GetAsync($"/oauth/authorize?response_type=code&client_id=web&redirect_uri={Uri.EscapeDataString(WebRedirect)}&state={i}")).EnsureSuccessStatusCode();
        }
        Assert.InRange(Count(state), 1, EmulatorState.MaxPendingEntries);

        (await _http.PostAsJsonAsync("/_emulator/clock", new { advance_seconds = 11 * 60 })).EnsureSuccessStatusCode();
        (await _http.GetAsync($"/oauth/authorize?response_type=code&client_id=web&redirect_uri={Uri.EscapeDataString(WebRedirect)}&state=last")).EnsureSuccessStatusCode();

        Assert.Equal(1, Count(state));
    }

    private static int Count(EmulatorState state)
    {
        lock (state.Gate)
        {
            return state.Pending.Count;
        }
    }
}
