using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>A meeting's page. Its <c>start_url</c> is never written into the page: "Start meeting" fetches a fresh one and redirects.</summary>
public sealed class DetailsModel(ZoomClientFactory clients) : ZoomPageModel(clients)
{
    /// <summary>The meeting, with its start URL removed.</summary>
    public Meeting Meeting { get; private set; } = new();

    /// <summary>Whether the signed-in user hosts it.</summary>
    public bool IsHost { get; private set; }

    /// <summary>Reads the meeting from Zoom; another user's meeting is "not found", as Zoom answers.</summary>
    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Meeting = await Zoom.Meetings.GetAsync(id, cancellationToken: cancellationToken);
        IsHost = Meeting.HostId == UserId;
        Meeting.StartUrl = null;
    }

    /// <summary>Fetches a fresh start URL at click time and sends the host there.</summary>
    public async Task<IActionResult> OnPostStartAsync(long id, CancellationToken cancellationToken)
    {
        var meeting = await Zoom.Meetings.GetAsync(id, cancellationToken: cancellationToken);
        if (meeting.HostId != UserId || string.IsNullOrEmpty(meeting.StartUrl))
        {
            return Forbid();
        }
        return Redirect(meeting.StartUrl);
    }
}
