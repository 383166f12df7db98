using System.Net;
using System.Security.Claims;
using System.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZoomKit.AspNetCore.Authentication;
using ZoomKit.DependencyInjection;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.AspNetCore;

/// <summary>
/// "Sign in with Zoom" as another app uses it: a minimal API with <c>AddZoomKit</c>, a cookie and
/// <c>AddZoom()</c>, signing in through the emulator (auto-approve) over HTTP.
/// </summary>
public sealed class ZoomAuthenticationTests
{
    [Fact]
    public async Task AddZoom_SignIn_PkceAndState_TokensInStoreOnly_IdentityInCookie()
    {
        await using var site = await SiteAsync();

        using var challenge = await site.Browser.GetAsync("/login");
        var authorize = challenge.Headers.Location!;
        var query = HttpUtility.ParseQueryString(authorize.Query);
        using var back = await site.Emulator.Admin.GetAsync(authorize);
        using var callback = await site.Browser.GetAsync(back.Headers.Location);
        var me = await site.Browser.GetStringAsync("/me");

        Assert.StartsWith(site.Emulator.BaseUrl.AbsoluteUri + "oauth/authorize", authorize.AbsoluteUri);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.Equal(site.RedirectUri.AbsoluteUri, query["redirect_uri"]);
        Assert.Equal("/me", callback.Headers.Location?.OriginalString);
        // The code went to Zoom once, with the client's Basic credentials (the emulator refuses anything else).
        Assert.Equal(1, (await site.Emulator.StatsAsync())["token_requests"]!["authorization_code"]!.GetValue<long>());
        var connection = await site.App.Services.GetRequiredService<ITokenStore>().GetAsync(me.Split('|')[0]);
        Assert.NotNull(connection);
        Assert.False(string.IsNullOrEmpty(connection.RefreshToken));
        Assert.Equal(connection.SessionStamp, me.Split('|')[2]);
        // Identity only: the cookie's ticket holds no token, and no claim is one.
        Assert.Equal("tokens:0", me.Split('|')[3]);
        Assert.DoesNotContain(connection.AccessToken, me);
        Assert.DoesNotContain(connection.RefreshToken!, me);
        Assert.Equal("demo@zoomkit.local", me.Split('|')[1]);
    }

    [Fact]
    public async Task AddZoom_SessionsEnded_CookieSignedOut()
    {
        await using var site = await SiteAsync();
        using var challenge = await site.Browser.GetAsync("/login");
        using var back = await site.Emulator.Admin.GetAsync(challenge.Headers.Location);
        (await site.Browser.GetAsync(back.Headers.Location)).Dispose();
        var id = (await site.Browser.GetStringAsync("/me")).Split('|')[0];

        await site.App.Services.GetRequiredService<ZoomTokenManager>().EndSessionsAsync(id);
        using var after = await site.Browser.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData(nameof(ZoomAuthenticationOptions.SaveTokens))]
    [InlineData(nameof(ZoomAuthenticationOptions.UsePkce))]
    public async Task AddZoom_UnsafeOption_RefusedNamingIt(string option)
    {
        await using var site = await SiteAsync(o =>
        {
            o.SaveTokens = option == nameof(ZoomAuthenticationOptions.SaveTokens);
            o.UsePkce = option != nameof(ZoomAuthenticationOptions.UsePkce);
        });

        var error = Assert.Throws<InvalidOperationException>(() =>
            site.App.Services.GetRequiredService<IOptionsMonitor<ZoomAuthenticationOptions>>().Get(ZoomAuthenticationDefaults.AuthenticationScheme));

        Assert.Contains("ZoomAuthenticationOptions." + option, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://scheduler.example/auth/zoom", "/auth/zoom", CookieSecurePolicy.Always)]
    [InlineData("http://localhost:3000/zoom", "/zoom", CookieSecurePolicy.SameAsRequest)]
    public void AddZoom_OptionsFromZoomKit_SecureUnlessLocalHttp(string redirect, string callbackPath, CookieSecurePolicy correlation)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddZoomKit(o =>
        {
            o.ClientId = "client";
            o.ClientSecret = "secret";
            o.RedirectUri = new Uri(redirect);
            o.OAuthBaseUrl = new Uri("https://zoom.example");
        });
        services.AddAuthentication().AddZoom();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<ZoomAuthenticationOptions>>().Get(ZoomAuthenticationDefaults.AuthenticationScheme);

        Assert.Equal(("client", "secret"), (options.ClientId, options.ClientSecret));
        Assert.Equal("https://zoom.example/oauth/authorize", options.AuthorizationEndpoint);
        Assert.Equal("https://zoom.example/oauth/token", options.TokenEndpoint);
        Assert.Equal(callbackPath, options.CallbackPath.Value);
        Assert.Equal(correlation, options.CorrelationCookie.SecurePolicy);
        Assert.True(options.UsePkce);
        Assert.False(options.SaveTokens);
    }

    private sealed record Site(WebApplication App, EmulatorSession Emulator, HttpClient Browser, Uri RedirectUri) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Browser.Dispose();
            await App.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }

    private static async Task<Site> SiteAsync(Action<ZoomAuthenticationOptions>? configure = null)
    {
        var port = AppSignIn.FreePort();
        // Not /zoom: the callback path comes from ZoomKit's redirect URI.
        var redirect = new Uri($"http://127.0.0.1:{port}/signin-zoom");
        var emulator = await EmulatorSession.StartAsync(
            new("Emulator:Apps:0:ClientId", EmulatorSession.ClientId), new("Emulator:Apps:0:ClientSecret", EmulatorSession.ClientSecret),
            new("Emulator:Apps:0:RedirectUris:0", redirect.AbsoluteUri));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddZoomKit(o =>
        {
            o.ClientId = EmulatorSession.ClientId;
            o.ClientSecret = EmulatorSession.ClientSecret;
            o.RedirectUri = redirect;
            o.OAuthBaseUrl = emulator.BaseUrl;
        });
        builder.Services.Configure<ZoomKit.Http.ZoomApiOptions>(o => o.ApiBaseUrl = new Uri(emulator.BaseUrl, "/v2"));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Events.OnValidatePrincipal = ZoomSessionValidation.ValidatePrincipalAsync;
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
            })
            .AddZoom(configure);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }, [ZoomAuthenticationDefaults.AuthenticationScheme]));
        app.MapGet("/me", async (HttpContext context) =>
        {
            var ticket = await context.AuthenticateAsync();
            var user = context.User;
            var claims = string.Join(";", user.Claims.Select(c => c.Value));
            return $"{user.FindFirstValue(ClaimTypes.NameIdentifier)}|{user.FindFirstValue(ClaimTypes.Email)}|{user.FindFirstValue(ZoomClaimTypes.SessionStamp)}|tokens:{ticket.Properties!.GetTokens().Count()}|{claims}";
        }).RequireAuthorization();
        await app.StartAsync();
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = redirect };
        return new Site(app, emulator, browser, redirect);
    }
}
