using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZoomKit.OAuth;

namespace ZoomKit.AspNetCore.Authentication;

/// <summary>Adds "Sign in with Zoom" to an app's authentication.</summary>
public static class ZoomAuthenticationExtensions
{
    /// <summary>Adds the <c>Zoom</c> scheme; see <see cref="AddZoom(AuthenticationBuilder, string, string?, Action{ZoomAuthenticationOptions}?)"/>.</summary>
    public static AuthenticationBuilder AddZoom(this AuthenticationBuilder builder, Action<ZoomAuthenticationOptions>? configure = null) =>
        builder.AddZoom(ZoomAuthenticationDefaults.AuthenticationScheme, ZoomAuthenticationDefaults.DisplayName, configure);

    /// <summary>
    /// Adds a "Sign in with Zoom" scheme: the authorization code flow with PKCE and state, the code
    /// exchanged through ZoomKit (HTTP Basic client authentication), the tokens saved to ZoomKit's
    /// token store under the Zoom user id, and a principal with the user's identity
    /// (<see cref="ZoomClaimTypes"/>) for the sign-in scheme's cookie. Requires <c>AddZoomKit</c>,
    /// whose options give the client id and secret, Zoom's endpoints and the callback path (the path
    /// of <see cref="ZoomOAuthOptions.RedirectUri"/>).
    /// </summary>
    public static AuthenticationBuilder AddZoom(this AuthenticationBuilder builder, string authenticationScheme, string? displayName, Action<ZoomAuthenticationOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ZoomAuthenticationOptions>, ZoomAuthenticationPostConfigure>());
        return builder.AddOAuth<ZoomAuthenticationOptions, ZoomAuthenticationHandler>(authenticationScheme, displayName!, configure ?? (_ => { }));
    }

    /// <summary>ZoomKit's options are the one source of the app's identity at Zoom.</summary>
    private sealed class ZoomAuthenticationPostConfigure(IOptions<ZoomOAuthOptions> zoom) : IPostConfigureOptions<ZoomAuthenticationOptions>
    {
        public void PostConfigure(string? name, ZoomAuthenticationOptions options)
        {
            var app = zoom.Value;
            options.ClientId = app.ClientId;
            options.ClientSecret = app.ClientSecret;
            options.AuthorizationEndpoint = new Uri(app.OAuthBaseUrl, ZoomOAuthConstants.AuthorizePath).AbsoluteUri;
            options.TokenEndpoint = new Uri(app.OAuthBaseUrl, ZoomOAuthConstants.TokenPath).AbsoluteUri;
            if (app.RedirectUri is { } redirect)
            {
                options.CallbackPath = redirect.AbsolutePath;
                // Local development on plain HTTP (http://localhost:3000/zoom): a Secure correlation
                // cookie would never come back. Anything else keeps ASP.NET Core's Secure default.
                if (redirect.Scheme == Uri.UriSchemeHttp && redirect.IsLoopback)
                {
                    options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }
            }
        }
    }
}
