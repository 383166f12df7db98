using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>Upcoming meetings, as a list or a week calendar, in the user's time zone.</summary>
public sealed class IndexModel(ZoomClientFactory clients) : ZoomPageModel(clients)
{
    /// <summary><c>list</c> or <c>week</c>.</summary>
    public string View { get; private set; } = "list";

    /// <summary>Weeks from this one.</summary>
    public int Week { get; private set; }

    /// <summary>The Monday of the week shown.</summary>
    public DateOnly WeekStart { get; private set; }

    /// <summary>The meetings.</summary>
    public IReadOnlyList<MeetingSummary> Meetings { get; private set; } = [];

    /// <summary>Reads the meetings from Zoom.</summary>
    public async Task OnGetAsync(string? view, int week, CancellationToken cancellationToken)
    {
        View = view == "week" ? "week" : "list";
        Week = week;
        var today = DateOnly.FromDateTime(Local(DateTimeOffset.UtcNow).DateTime);
        WeekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + (7 * week));
        var meetings = new List<MeetingSummary>();
        await foreach (var meeting in Zoom.Meetings.ListAllAsync(new MeetingListOptions { Type = MeetingListType.Scheduled }, cancellationToken))
        {
            meetings.Add(meeting);
        }
        Meetings = meetings.OrderBy(m => m.StartTime ?? DateTimeOffset.MaxValue).ToList();
    }
}
