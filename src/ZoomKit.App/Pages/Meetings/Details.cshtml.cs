using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>A meeting's page. Its <c>start_url</c> is never written into the page: "Start meeting" fetches a fresh one and redirects.</summary>
public sealed class DetailsModel(ZoomClientFactory clients, TimeProvider time, LiveMeetings live) : ZoomPageModel(clients)
{
    /// <summary>Which meetings are running now.</summary>
    public LiveMeetings Live => live;

    /// <summary>The meeting, with its start URL removed.</summary>
    public Meeting Meeting { get; private set; } = new();

    /// <summary>Whether the signed-in user hosts it.</summary>
    public bool IsHost { get; private set; }

    /// <summary>The invitation "Copy invitation" copies, in the meeting's own time zone.</summary>
    public string Invitation => Meeting.Timezone is { Length: > 0 } id && ZoomTimeZones.TryFind(id, out var zone)
        ? MeetingCalendar.Invitation(Meeting, zone, id)
        : MeetingCalendar.Invitation(Meeting, UserTimeZone, UserTimeZoneId);

    /// <summary>Reads the meeting from Zoom; another user's meeting is "not found", as Zoom answers.</summary>
    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Meeting = await Zoom.Meetings.GetAsync(id, cancellationToken: cancellationToken);
        IsHost = Meeting.HostId == UserId;
        Meeting.StartUrl = null;
    }

    /// <summary>"Add to calendar": the meeting, or the whole series with its rule, as an iCalendar download.</summary>
    public async Task<IActionResult> OnGetCalendarAsync(long id, CancellationToken cancellationToken)
    {
        var meeting = await Zoom.Meetings.GetAsync(id, cancellationToken: cancellationToken);
        return MeetingCalendar.ToIcs(meeting, time.GetUtcNow()) is { } ics
            ? File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"meeting-{id}.ics")
            : NotFound();
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
