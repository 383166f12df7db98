using Microsoft.AspNetCore.Mvc;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Pages.Meetings;

/// <summary>
/// Upcoming meetings, as a list (30 at a time, "More") or a week calendar, in the user's time zone.
/// Either view asks Zoom for what it shows only: one page, or one week (the list API's <c>from</c> and
/// <c>to</c>), so a page view costs the same whatever the size of the calendar.
/// </summary>
public sealed class IndexModel(ZoomClientFactory clients, TimeProvider time) : ZoomPageModel(clients)
{
    /// <summary>Meetings per page of the list view.</summary>
    public const int PageSize = 30;

    /// <summary><c>list</c> or <c>week</c>.</summary>
    public string View { get; private set; } = "list";

    /// <summary>Weeks from this one.</summary>
    public int Week { get; private set; }

    /// <summary>The Monday of the week shown.</summary>
    public DateOnly WeekStart { get; private set; }

    /// <summary>The meetings.</summary>
    public IReadOnlyList<MeetingSummary> Meetings { get; private set; } = [];

    /// <summary>Zoom's token of the list's next page; null on the last one.</summary>
    public string? NextPage { get; private set; }

    /// <summary>Reads the meetings of the page or the week from Zoom. (<c>next</c>, not <c>page</c>: Razor Pages binds its own route value to a parameter called <c>page</c>.)</summary>
    public async Task<IActionResult> OnGetAsync(string? view, int week, string? next, CancellationToken cancellationToken)
    {
        View = view == "week" ? "week" : "list";
        Week = week;
        var today = DateOnly.FromDateTime(Local(time.GetUtcNow()).DateTime);
        WeekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + (7 * week));
        if (View == "week")
        {
            var meetings = new List<MeetingSummary>();
            // A day either side: Zoom compares dates in each meeting's own zone, the page in the user's.
            var options = new MeetingListOptions { Type = MeetingListType.Scheduled, From = WeekStart.AddDays(-1), To = WeekStart.AddDays(8) };
            await foreach (var meeting in Zoom.Meetings.ListAllAsync(options, cancellationToken))
            {
                meetings.Add(meeting);
            }
            Meetings = [.. meetings.OrderBy(m => m.StartTime ?? DateTimeOffset.MaxValue)];
            return Page();
        }
        try
        {
            var list = await Zoom.Meetings.ListAsync(new MeetingListOptions { Type = MeetingListType.Scheduled, PageSize = PageSize, NextPageToken = next }, cancellationToken);
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
