using ZoomKit.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ZoomKit.App.Zoom;

namespace ZoomKit.App.Pages;

/// <summary>"Your Zoom connection has expired: Reconnect Zoom".</summary>
public sealed class ReconnectModel : PageModel
{
    /// <summary>Why, in words.</summary>
    public string Explanation { get; private set; } = "";

    /// <summary>Shows the page.</summary>
    public void OnGet(string? reason) => Explanation = reason switch
    {
        "RefreshResponseLost" => "Zoom renewed your connection, but its answer was lost on the way.",
        "Deauthorized" => "The app was removed from your Zoom account.",
        "NotConnected" => "There is no Zoom connection for your account any more.",
        _ => "Zoom no longer accepts this app's access: it was revoked, or it expired.",
    };

    /// <summary>Starts a new authorization.</summary>
    public IActionResult OnPost() => Challenge(new AuthenticationProperties { RedirectUri = "/meetings" }, ZoomAuthenticationDefaults.AuthenticationScheme);
}
