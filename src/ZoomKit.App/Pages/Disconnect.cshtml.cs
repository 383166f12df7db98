using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ZoomKit.Tokens;

namespace ZoomKit.App.Pages;

/// <summary>"Disconnect Zoom" (revokes the app's access and deletes the tokens), "Sign out" and "Sign out everywhere".</summary>
public sealed class DisconnectModel(ZoomTokenManager tokens, ZoomKit.App.Feeds.CalendarFeeds feeds) : PageModel
{
    /// <summary>Nothing to show: the buttons post here.</summary>
    public IActionResult OnGet() => RedirectToPage("/Index");

    /// <summary>Revokes at Zoom, deletes the connection and the calendar feed link, signs out.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        await tokens.DisconnectAsync(userId, cancellationToken);
        // The calendar feed goes with the connection: a reconnected person makes a new link.
        await feeds.DeleteAsync(userId, cancellationToken);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }

    /// <summary>
    /// Ends every session of this Zoom connection, in every browser and on every instance (a new
    /// session stamp), then this one; the Zoom connection stays.
    /// </summary>
    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        await tokens.EndSessionsAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }

    /// <summary>Signs out this browser; the Zoom connection stays for next time.</summary>
    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }
}
