using System.Collections.Immutable;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Meetings;

/// <summary>A meeting's place in its host's lists: its order key (start, or creation for one without) and id.</summary>
internal readonly record struct ListEntry(DateTimeOffset Key, long Id) : IComparable<ListEntry>
{
    public int CompareTo(ListEntry other) => (Key, Id).CompareTo((other.Key, other.Id));
}

/// <summary>
/// One host's meetings in the list's order (by start, or creation for one without, then id), so that
/// a list costs what it returns, not what the host has, as Zoom's does. Meetings with one fixed time
/// (type 2) are kept apart from the rest (instant, no fixed time, recurring): for them a query's
/// dates, "now" and the longest meeting bound where matches can be, found by binary search, and
/// most of what lies within matches without a look. The rest, few for anyone, are looked at one by
/// one: a recurring meeting's next occurrence can be anywhere (an occurrence may be moved before
/// the series' first).
/// Both lists are immutable, so a page cursor keeps them as they were at the first page for the
/// price of two references.
/// </summary>
internal sealed class HostMeetings
{
    public ImmutableList<ListEntry> Timed { get; private set; } = [];

    public ImmutableList<ListEntry> Series { get; private set; } = [];

    /// <summary>The longest duration of any meeting placed here, in minutes: how far back a meeting may still be running.</summary>
    public int LongestMinutes { get; private set; }

    public static bool IsTimed(StoredMeeting meeting) => meeting.Type == 2 && meeting.StartTime is not null;

    public static ListEntry EntryOf(StoredMeeting meeting) => new(meeting.StartTime ?? meeting.CreatedAt, meeting.Id);

    /// <summary>Puts a new or changed meeting in its place; <paramref name="listed"/> is where it was, if anywhere.</summary>
    public ListEntry Place(StoredMeeting meeting, ListEntry? listed)
    {
        Remove(listed);
        var entry = EntryOf(meeting);
        if (IsTimed(meeting))
        {
            Timed = Timed.Insert(~Timed.BinarySearch(entry), entry);
        }
        else
        {
            Series = Series.Insert(~Series.BinarySearch(entry), entry);
        }
        LongestMinutes = Math.Max(LongestMinutes, meeting.Duration);
        return entry;
    }

    public void Remove(ListEntry? listed)
    {
        if (listed is not { } entry)
        {
            return;
        }
        if (Timed.BinarySearch(entry) is >= 0 and var timed)
        {
            Timed = Timed.RemoveAt(timed);
        }
        else if (Series.BinarySearch(entry) is >= 0 and var series)
        {
            Series = Series.RemoveAt(series);
        }
    }
}

/// <summary>What a list request asks for: its type, its dates (UTC days of each meeting's start) and the moment it is asked.</summary>
internal sealed record MeetingQuery(string Type, DateOnly? From, DateOnly? To, DateTimeOffset Now);

/// <summary>Where a listing stands in the host's lists as they were at its first page.</summary>
internal sealed record ListingPosition(ImmutableList<ListEntry> Timed, ImmutableList<ListEntry> Series, int LongestMinutes, int TimedNext, int SeriesNext);

/// <summary>
/// A page of a listing over <see cref="HostMeetings"/>: the meetings in the list's order, taken from
/// both lists at once. <see cref="MeetingRecurrence.Matches"/> stays the rule; the bounds only spare
/// the looks that cannot match.
/// </summary>
internal static class MeetingListing
{
    /// <summary>The first page, the count of every match (<c>total_records</c>), and where a next page would start.</summary>
    public static (List<StoredMeeting> Page, int Total, ListingPosition Next) First(EmulatorState state, HostMeetings host, MeetingQuery query, int pageSize)
    {
        var start = new ListingPosition(host.Timed, host.Series, host.LongestMinutes, 0, 0);
        var (page, next) = Take(state, start, query, pageSize);
        return (page, Count(state, start, query), next);
    }

    /// <summary>The page after <paramref name="position"/>, with the meetings' state now.</summary>
    public static (List<StoredMeeting> Page, ListingPosition Next) Take(EmulatorState state, ListingPosition position, MeetingQuery query, int pageSize)
    {
        var (low, high, _, _) = TimedBounds(position, query);
        var timed = Math.Max(position.TimedNext, low);
        var series = position.SeriesNext;
        var page = new List<StoredMeeting>();
        while (page.Count < pageSize)
        {
            var fromTimed = timed < high;
            var fromSeries = series < position.Series.Count;
            if (!fromTimed && !fromSeries)
            {
                // Nothing further can match: the position moves to the ends.
                (timed, series) = (position.Timed.Count, position.Series.Count);
                break;
            }
            var entry = fromTimed && (!fromSeries || position.Timed[timed].CompareTo(position.Series[series]) < 0)
                ? position.Timed[timed++]
                : position.Series[series++];
            if (state.Meetings.TryGetValue(entry.Id, out var meeting) && MeetingRecurrence.Matches(meeting, query.Type, query.From, query.To, query.Now))
            {
                page.Add(meeting);
            }
        }
        return (page, position with { TimedNext = timed, SeriesNext = series });
    }

    /// <summary>Every match: the timed meetings' sure range counted, not looked at; the rest looked at.</summary>
    private static int Count(EmulatorState state, ListingPosition position, MeetingQuery query)
    {
        var (low, high, sureLow, sureHigh) = TimedBounds(position, query);
        var count = sureHigh - sureLow;
        for (var i = low; i < sureLow; i++)
        {
            count += Matches(state, position.Timed[i], query) ? 1 : 0;
        }
        for (var i = Math.Max(sureHigh, low); i < high; i++)
        {
            count += Matches(state, position.Timed[i], query) ? 1 : 0;
        }
        foreach (var entry in position.Series)
        {
            count += Matches(state, entry, query) ? 1 : 0;
        }
        return count;
    }

    /// <summary>
    /// Where in the timed list matches can be ([low, high)), and the part of it where every meeting
    /// matches ([sureLow, sureHigh), empty when there is none). A timed meeting has ended when its start
    /// plus its duration is past; a duration is at most the host's longest.
    /// </summary>
    private static (int Low, int High, int SureLow, int SureHigh) TimedBounds(ListingPosition position, MeetingQuery query)
    {
        var list = position.Timed;
        int At(DateTimeOffset moment) => ~list.BinarySearch(new ListEntry(moment, long.MinValue));
        var low = query.From is { } from ? At(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) : 0;
        var high = query.To is { } to ? At(new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) : list.Count;
        var now = query.Now;
        // Started more than the longest meeting ago: ended, whatever its duration. Starting after now: not ended.
        var surelyEnded = At(now.AddMinutes(-position.LongestMinutes));
        var notStarted = At(now.AddTicks(1));
        var (typeLow, typeHigh, sureLow, sureHigh) = query.Type switch
        {
            "live" => (0, list.Count, 0, 0),
            "upcoming" or "upcoming_meetings" => (At(now), list.Count, At(now), list.Count),
            "previous_meetings" => (0, notStarted, 0, surelyEnded),
            _ => (surelyEnded, list.Count, notStarted, list.Count),
        };
        low = Math.Max(low, typeLow);
        high = Math.Min(high, typeHigh);
        sureLow = Math.Max(sureLow, low);
        sureHigh = Math.Min(sureHigh, high);
        return sureLow < sureHigh ? (low, high, sureLow, sureHigh) : (low, Math.Max(low, high), 0, 0);
    }

    private static bool Matches(EmulatorState state, ListEntry entry, MeetingQuery query) =>
        state.Meetings.TryGetValue(entry.Id, out var meeting) && MeetingRecurrence.Matches(meeting, query.Type, query.From, query.To, query.Now);
}
