using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Zoom;

/// <summary>
/// The person's meetings that a new or moved meeting would overlap. One list call for the days around
/// it (the list API's <c>from</c> and <c>to</c>), so the check costs the same whatever the size of
/// the calendar. A series counts by its first occurrence, as Zoom's list shows it.
/// </summary>
public static class MeetingConflicts
{
    public static async Task<IReadOnlyList<MeetingSummary>> FindAsync(ZoomClient zoom, DateTimeOffset start, int minutes, long? except, CancellationToken cancellationToken)
    {
        var end = start.AddMinutes(minutes);
        // A day either side: Zoom compares dates in the meeting's own zone, which may be a day off UTC's.
        var page = await zoom.Meetings.ListAsync(new MeetingListOptions
        {
            Type = MeetingListType.Scheduled,
            From = DateOnly.FromDateTime(start.UtcDateTime).AddDays(-1),
            To = DateOnly.FromDateTime(end.UtcDateTime).AddDays(1),
            PageSize = 300,
        }, cancellationToken);
        return [.. page.Meetings.Where(m => m.Id != except && Overlaps(m, start, end)).OrderBy(m => m.StartTime)];
    }

    /// <summary>Whether the meeting's time shares a minute with [start, end): back to back is no overlap.</summary>
    public static bool Overlaps(MeetingSummary meeting, DateTimeOffset start, DateTimeOffset end) =>
        meeting.StartTime is { } other && other < end && start < other.AddMinutes(meeting.Duration is > 0 ? meeting.Duration.Value : 60);

    /// <summary>
    /// The overlaps of a slot the person has not accepted yet (none, without asking Zoom, when
    /// <paramref name="accepted"/> is that slot), and the slot, for the form to send back as accepted.
    /// </summary>
    public static async Task<(IReadOnlyList<MeetingSummary> Conflicts, string Slot)> UnacceptedAsync(ZoomClient zoom, DateTimeOffset start, int minutes, long? except, string? accepted, CancellationToken cancellationToken)
    {
        var slot = Slot(start, minutes);
        return (accepted == slot ? [] : await FindAsync(zoom, start, minutes, except, cancellationToken), slot);
    }

    /// <summary>The slot a person has seen the warning for and accepted: the same slot is not checked again.</summary>
    public static string Slot(DateTimeOffset start, int minutes) => $"{start.UtcDateTime:yyyy-MM-ddTHH:mmZ}/{minutes}";
}

/// <summary>What the forms show when a meeting overlaps others: the meetings, in the person's zone, and the slot "anyway" accepts.</summary>
public sealed record ConflictWarning(IReadOnlyList<MeetingSummary> Meetings, TimeZoneInfo Zone, string? AcceptedSlot, string Verb);
