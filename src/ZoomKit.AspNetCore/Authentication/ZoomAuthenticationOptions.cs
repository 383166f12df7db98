using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;

namespace ZoomKit.AspNetCore.Authentication;

/// <summary>Names of the "Sign in with Zoom" scheme.</summary>
public static class ZoomAuthenticationDefaults
{
    /// <summary>The scheme's default name: <c>Zoom</c>.</summary>
    public const string AuthenticationScheme = "Zoom";

    /// <summary>The scheme's default display name.</summary>
    public const string DisplayName = "Zoom";

    /// <summary>The callback path used when ZoomKit's options name no redirect URI: <c>/zoom</c>.</summary>
    public const string CallbackPath = "/zoom";
}

/// <summary>The claims a "Sign in with Zoom" cookie carries besides the name identifier (the Zoom user id), name and email: identity only, never a token.</summary>
public static class ZoomClaimTypes
{
    /// <summary>The user's IANA time zone from their Zoom profile (<c>UTC</c> when they set none).</summary>
    public const string TimeZone = "zoom:timezone";

    /// <summary>The user's Zoom account id.</summary>
    public const string AccountId = "zoom:account_id";

    /// <summary>
    /// The connection's session stamp when the cookie was issued; <see cref="ZoomSessionValidation"/>
    /// signs the cookie out once it is no longer the connection's.
    /// </summary>
    public const string SessionStamp = "zoomkit:session";
}

/// <summary>
/// Options of the "Sign in with Zoom" scheme. The client id and secret, Zoom's endpoints and the
/// callback path come from ZoomKit's own options (<c>AddZoomKit</c>), so the app names them once;
/// PKCE is always on and tokens never go into the cookie.
/// </summary>
public sealed class ZoomAuthenticationOptions : OAuthOptions
{
    /// <summary>Defaults: PKCE, no tokens saved in the cookie, HttpOnly SameSite=Lax correlation cookie.</summary>
    public ZoomAuthenticationOptions()
    {
        CallbackPath = ZoomAuthenticationDefaults.CallbackPath;
        UsePkce = true;
        SaveTokens = false;
        ClaimsIssuer = ZoomAuthenticationDefaults.AuthenticationScheme;
        CorrelationCookie.SameSite = SameSiteMode.Lax;
        CorrelationCookie.HttpOnly = true;
    }

    /// <summary>Refuses PKCE turned off and tokens saved in the cookie, besides OAuth's own checks.</summary>
    public override void Validate()
    {
        base.Validate();
        if (!UsePkce)
        {
            throw new InvalidOperationException("ZoomAuthenticationOptions.UsePkce must stay true: every authorization carries a PKCE S256 challenge.");
        }
        if (SaveTokens)
        {
            throw new InvalidOperationException("ZoomAuthenticationOptions.SaveTokens must stay false: Zoom's tokens live in ZoomKit's token store, never in the cookie.");
        }
    }
}
