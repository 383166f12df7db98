using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ZoomKit.Tokens;

namespace ZoomKit.App.Pages;

/// <summary>"Disconnect Zoom" (revokes the app's access and deletes the tokens) and "Sign out".</summary>
public sealed class DisconnectModel(ZoomTokenManager tokens) : PageModel
{
    /// <summary>Nothing to show: the buttons post here.</summary>
    public IActionResult OnGet() => RedirectToPage("/Index");

    /// <summary>Revokes at Zoom, deletes the connection, signs out.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await tokens.DisconnectAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }

    /// <summary>Signs out; the Zoom connection stays for next time.</summary>
    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }
}
