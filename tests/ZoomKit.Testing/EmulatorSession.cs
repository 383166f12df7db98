using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZoomKit.Emulator;
using ZoomKit.OAuth;

namespace ZoomKit.Testing;

/// <summary>An emulator on a loopback port (auto-approve) and a ZoomKit OAuth client pointed at it.</summary>
public sealed class EmulatorSession : IAsyncDisposable
{
    public const string ClientId = "zoomkit-local";
    public const string ClientSecret = "zoomkit-local-secret";
    public static readonly Uri Redirect = new("http://localhost:3000/zoom");

    /// <summary>
    /// The default app registered as a native app, so that the CLI may log in on any loopback port
    /// (tests run several logins at once); the emulator's own default matches redirects exactly.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> NativeLoopbackApp { get; } =
    [
        new("Emulator:Apps:0:ClientId", ClientId), new("Emulator:Apps:0:ClientSecret", ClientSecret),
        new("Emulator:Apps:0:RedirectUris:0", Redirect.AbsoluteUri), new("Emulator:Apps:0:RedirectUris:1", "http://127.0.0.1:8765/callback"),
        new("Emulator:Apps:0:NativeLoopback", "true"),
    ];

    private EmulatorSession(ZoomEmulatorHost host)
    {
        Host = host;
        Admin = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUrl };
    }

    public ZoomEmulatorHost Host { get; }
    public HttpClient Admin { get; }
    public Uri BaseUrl => Host.BaseUrl;

    public static async Task<EmulatorSession> StartAsync(params KeyValuePair<string, string?>[] settings) =>
        new(await ZoomEmulatorHost.StartAsync(settings: settings.Any(s => s.Key == "Emulator:AutoApprove") ? settings : [new("Emulator:AutoApprove", "true"), .. settings]));

    public ZoomOAuthClient CreateOAuthClient(HttpMessageHandler? handler = null, TimeProvider? timeProvider = null) =>
        new(handler is null ? new HttpClient() : new HttpClient(handler), Options.Create(new ZoomOAuthOptions
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            RedirectUri = Redirect,
            OAuthBaseUrl = BaseUrl,
        }), timeProvider: timeProvider);

    /// <summary>Runs the authorization code flow with PKCE and state against the emulator; returns the tokens.</summary>
    public async Task<ZoomTokens> AuthorizeAsync(ZoomOAuthClient oauth)
    {
        var request = oauth.CreateAuthorizationRequest();
        using var answer = await Admin.GetAsync(request.AuthorizationUri);
        var code = request.ReadCallback(answer.Headers.Location!);
        return (await oauth.ExchangeCodeAsync(code, request.Pkce.Verifier)).GetTokensOrThrow();
    }

    /// <summary>The code flow through the emulator's pages (for an emulator started with <c>Emulator:AutoApprove=false</c>), signed in as the given user.</summary>
    public async Task<ZoomTokens> AuthorizeAsUserAsync(ZoomOAuthClient oauth, string email, string password)
    {
        var request = oauth.CreateAuthorizationRequest();
        var location = await EmulatorPages.SignInAndAllowAsync(Admin, BaseUrl, request.AuthorizationUri.AbsoluteUri, email, password);
        var code = request.ReadCallback(location);
        return (await oauth.ExchangeCodeAsync(code, request.Pkce.Verifier)).GetTokensOrThrow();
    }

    public async Task<JsonObject> StatsAsync() => (JsonObject)JsonNode.Parse(await Admin.GetStringAsync("/_emulator/stats"))!;

    public async Task<long> RefreshRequestsAsync() => (await StatsAsync())["token_requests"]!["refresh_token"]!.GetValue<long>();

    public async Task<long> InvalidGrantsAsync() => (await StatsAsync())["token_errors"]!["invalid_grant"]!.GetValue<long>();

    public async Task FaultAsync(object fault) => (await Admin.PostAsJsonAsync("/_emulator/faults", fault)).EnsureSuccessStatusCode();

    public async Task AdvanceAsync(TimeSpan by) => (await Admin.PostAsJsonAsync("/_emulator/clock", new { advance_seconds = by.TotalSeconds })).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}
