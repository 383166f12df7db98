using ZoomKit.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ZoomKit.App.Zoom;

namespace ZoomKit.App.Pages;

/// <summary>The start page: "Connect Zoom".</summary>
public sealed class IndexModel : PageModel
{
    /// <summary>Why the last connection attempt failed, if it did.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the page, or the meetings of a signed-in user.</summary>
    public IActionResult OnGet(string? error)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return RedirectToPage("/Meetings/Index");
        }
        Error = error;
        return Page();
    }

    /// <summary>Starts the authorization with Zoom.</summary>
    public IActionResult OnPostConnect() =>
        Challenge(new AuthenticationProperties { RedirectUri = "/meetings" }, ZoomAuthenticationDefaults.AuthenticationScheme);
}
