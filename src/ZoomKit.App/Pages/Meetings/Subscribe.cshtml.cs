using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Feeds;
using ZoomKit.App.Zoom;
using ZoomKit.Http;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>"Subscribe": the person's private calendar feed address, and "New link", which ends the old one.</summary>
public sealed class SubscribeModel(ZoomClientFactory clients, CalendarFeeds feeds, AppSettings settings) : ZoomPageModel(clients)
{
    /// <summary>The feed's address, or null before the first link.</summary>
    public Uri? FeedUrl { get; private set; }

    /// <summary>The same address for calendar apps that open <c>webcal:</c> links.</summary>
    public string? WebcalUrl => FeedUrl is null ? null : "webcal://" + FeedUrl.Authority + FeedUrl.PathAndQuery;

    /// <summary>Whether the link was just replaced.</summary>
    public bool Replaced { get; private set; }

    public async Task OnGetAsync(bool replaced, CancellationToken cancellationToken)
    {
        Replaced = replaced;
        if (await feeds.PathOfAsync(UserId, cancellationToken) is { } path)
        {
            FeedUrl = Absolute(path);
        }
    }

    /// <summary>Makes a new link; the old one answers 404 from now on.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var hadOne = await feeds.PathOfAsync(UserId, cancellationToken) is not null;
        await feeds.NewLinkAsync(UserId, cancellationToken);
        return RedirectToPage(new { replaced = hadOne });
    }

    // The public origin when the app knows it (behind a TLS proxy), else the address this request came to.
    private Uri Absolute(string path) => new(settings.PublicHttpsOrigin ?? new Uri($"{Request.Scheme}://{Request.Host}"), path);
}
