using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using ZoomKit.Tokens;

namespace ZoomKit.AspNetCore.Authentication;

/// <summary>Keeps a "Sign in with Zoom" cookie tied to its Zoom connection.</summary>
public static class ZoomSessionValidation
{
    /// <summary>
    /// For <c>CookieAuthenticationEvents.OnValidatePrincipal</c>: a cookie signs out when its Zoom
    /// connection was deleted (disconnected, or the user removed the app in Zoom) or when the
    /// connection's session stamp is no longer the cookie's (the user connected again, or
    /// <see cref="ZoomTokenManager.EndSessionsAsync"/> ended every session). A token store that does
    /// not answer signs nobody out.
    /// </summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var store = context.HttpContext.RequestServices.GetRequiredService<ITokenStore>();
        ZoomConnection? connection;
        try
        {
            connection = id is null ? null : await store.GetAsync(id, context.HttpContext.RequestAborted);
        }
        catch (ZoomTokenStoreException)
        {
            return;
        }
        if (connection is null || connection.SessionStamp != context.Principal?.FindFirstValue(ZoomClaimTypes.SessionStamp))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }
}
