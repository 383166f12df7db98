using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>
/// Upcoming meetings, as a list (30 at a time, "More") or a week or day calendar, in the user's time
/// zone. Each view asks Zoom for what it shows only: one page, or its days (the list API's <c>from</c>
/// and <c>to</c>), so a page view costs the same whatever the size of the calendar; a view seen again
/// before anything changed costs nothing (<see cref="MeetingViewCache"/>).
/// </summary>
public sealed class IndexModel(ZoomClientFactory clients, TimeProvider time, MeetingViewCache views, LiveMeetings live) : ZoomPageModel(clients)
{
    /// <summary>Which meetings are running now.</summary>
    public LiveMeetings Live => live;

    /// <summary>Meetings per page of the list view.</summary>
    public const int PageSize = 30;

    /// <summary><c>list</c>, <c>week</c> or <c>day</c>.</summary>
    public string View { get; private set; } = "list";

    /// <summary>Weeks from this one.</summary>
    public int Week { get; private set; }

    /// <summary>Days from today (the day view).</summary>
    public int DayOffset { get; private set; }

    /// <summary>The Monday of the week shown.</summary>
    public DateOnly WeekStart { get; private set; }

    /// <summary>The days the calendar shows: the week's seven, or the one day.</summary>
    public IReadOnlyList<DateOnly> Days { get; private set; } = [];

    /// <summary>The calendar's blocks.</summary>
    public IReadOnlyList<CalendarBlock> Blocks { get; private set; } = [];

    /// <summary>Now, in the user's time zone.</summary>
    public DateTime Now { get; private set; }

    /// <summary>The meetings.</summary>
    public IReadOnlyList<MeetingSummary> Meetings { get; private set; } = [];

    /// <summary>Zoom's token of the list's next page; null on the last one.</summary>
    public string? NextPage { get; private set; }

    /// <summary>Reads the meetings of the page or the week from Zoom. (<c>next</c>, not <c>page</c>: Razor Pages binds its own route value to a parameter called <c>page</c>.)</summary>
    public async Task<IActionResult> OnGetAsync(string? view, int week, int day, string? next, CancellationToken cancellationToken)
    {
        View = view is "week" or "day" ? view : "list";
        // Ten years either way: enough for anyone, and no date arithmetic overflows.
        Week = Math.Clamp(week, -520, 520);
        DayOffset = Math.Clamp(day, -3650, 3650);
        Now = Local(time.GetUtcNow()).DateTime;
        var today = DateOnly.FromDateTime(Now);
        WeekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + (7 * Week));
        if (View != "list")
        {
            Days = View == "week" ? [.. Enumerable.Range(0, 7).Select(WeekStart.AddDays)] : [today.AddDays(DayOffset)];
            // A day either side: Zoom compares dates in each meeting's own zone, the page in the user's.
            var options = new MeetingListOptions { Type = MeetingListType.Scheduled, From = Days[0].AddDays(-1), To = Days[^1].AddDays(1) };
            Meetings = await views.GetOrReadAsync(UserId, $"days:{options.From:yyyy-MM-dd}/{options.To:yyyy-MM-dd}", async ct =>
            {
                var meetings = new List<MeetingSummary>();
                await foreach (var meeting in Zoom.Meetings.ListAllAsync(options, ct))
                {
                    meetings.Add(meeting);
                }
                return (IReadOnlyList<MeetingSummary>)[.. meetings.OrderBy(m => m.StartTime ?? DateTimeOffset.MaxValue)];
            }, cancellationToken);
            Blocks = CalendarLayout.Lay(Meetings, Days[0], Days.Count, UserTimeZone);
            return Page();
        }
        try
        {
            var list = await views.GetOrReadAsync(UserId, "list:" + next, ct =>
                Zoom.Meetings.ListAsync(new MeetingListOptions { Type = MeetingListType.Scheduled, PageSize = PageSize, NextPageToken = next }, ct), cancellationToken);
            Meetings = [.. list.Meetings];
            NextPage = string.IsNullOrEmpty(list.NextPageToken) ? null : list.NextPageToken;
            return Page();
        }
        catch (ZoomApiException e) when (e.Code == 300 && next is not null)
        {
            // Zoom's page tokens last 15 minutes: an old "More" link starts again from the first page.
            return RedirectToPage();
        }
    }
}
