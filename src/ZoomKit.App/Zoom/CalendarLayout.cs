using ZoomKit.Meetings;

namespace ZoomKit.App.Zoom;

/// <summary>One meeting's block in a day column: where it sits, as fractions of the day, and beside whom.</summary>
/// <param name="Meeting">The meeting.</param>
/// <param name="Day">The day column.</param>
/// <param name="Start">Its start in that day, local wall-clock time (clipped to the day).</param>
/// <param name="End">Its end in that day, clipped the same way.</param>
/// <param name="Column">Its column among the meetings it overlaps, from 0.</param>
/// <param name="Columns">How many columns the overlapping meetings share.</param>
/// <param name="Continued">Whether it began on an earlier day (it crossed midnight).</param>
public sealed record CalendarBlock(MeetingSummary Meeting, DateOnly Day, TimeOnly Start, TimeSpan End, int Column, int Columns, bool Continued)
{
    private const double MinutesPerDay = 24 * 60;

    /// <summary>Shortest height shown, so that a five-minute meeting stays readable and clickable.</summary>
    public const double MinimumMinutes = 15;

    /// <summary>Top edge, as a fraction of the day.</summary>
    public double Top => Start.ToTimeSpan().TotalMinutes / MinutesPerDay;

    /// <summary>Height, as a fraction of the day.</summary>
    public double Height => Math.Min(Math.Max((End - Start.ToTimeSpan()).TotalMinutes, MinimumMinutes), MinutesPerDay - Start.ToTimeSpan().TotalMinutes) / MinutesPerDay;

    /// <summary>Left edge, as a fraction of the column.</summary>
    public double Left => (double)Column / Columns;

    /// <summary>Width, as a fraction of the column.</summary>
    public double Width => 1.0 / Columns;
}

/// <summary>
/// Lays meetings out on a calendar of days in the person's time zone: each a block from its start for
/// its duration (split at midnight), meetings that overlap side by side in the fewest columns.
/// </summary>
public static class CalendarLayout
{
    /// <summary>The blocks of <paramref name="days"/> days from <paramref name="firstDay"/>, by day, then start.</summary>
    public static IReadOnlyList<CalendarBlock> Lay(IEnumerable<MeetingSummary> meetings, DateOnly firstDay, int days, TimeZoneInfo zone)
    {
        var lastDay = firstDay.AddDays(days - 1);
        var pieces = new List<(MeetingSummary Meeting, DateOnly Day, TimeSpan Start, TimeSpan End, bool Continued)>();
        foreach (var meeting in meetings)
        {
            if (meeting.StartTime is not { } utc)
            {
                continue;
            }
            var start = TimeZoneInfo.ConvertTime(utc, zone).DateTime;
            var end = TimeZoneInfo.ConvertTime(utc.AddMinutes(meeting.Duration is > 0 ? meeting.Duration.Value : 60), zone).DateTime;
            for (var day = DateOnly.FromDateTime(start); day <= lastDay && day.ToDateTime(TimeOnly.MinValue) < end; day = day.AddDays(1))
            {
                var midnight = day.ToDateTime(TimeOnly.MinValue);
                if (day < firstDay)
                {
                    continue;
                }
                var from = start > midnight ? start - midnight : TimeSpan.Zero;
                var to = (end < midnight.AddDays(1) ? end : midnight.AddDays(1)) - midnight;
                pieces.Add((meeting, day, from, to, day > DateOnly.FromDateTime(start)));
            }
        }
        var blocks = new List<CalendarBlock>();
        foreach (var day in pieces.GroupBy(p => p.Day).OrderBy(g => g.Key))
        {
            // Clusters of meetings that overlap one another, directly or through others, share columns.
            var ordered = day.OrderBy(p => p.Start).ThenByDescending(p => p.End).ToList();
            var cluster = new List<(int Index, int Column)>();
            var columnEnds = new List<TimeSpan>();
            var clusterEnd = TimeSpan.MinValue;
            void Close()
            {
                foreach (var (index, column) in cluster)
                {
                    var p = ordered[index];
                    blocks.Add(new CalendarBlock(p.Meeting, p.Day, TimeOnly.FromTimeSpan(p.Start), p.End, column, columnEnds.Count, p.Continued));
                }
                cluster.Clear();
                columnEnds.Clear();
            }
            for (var i = 0; i < ordered.Count; i++)
            {
                var piece = ordered[i];
                var shown = Shown(piece.Start, piece.End);
                if (piece.Start >= clusterEnd)
                {
                    Close();
                }
                var column = columnEnds.FindIndex(e => e <= piece.Start);
                if (column < 0)
                {
                    column = columnEnds.Count;
                    columnEnds.Add(shown);
                }
                else
                {
                    columnEnds[column] = shown;
                }
                cluster.Add((i, column));
                clusterEnd = cluster.Count == 1 ? shown : (shown > clusterEnd ? shown : clusterEnd);
            }
            Close();
        }
        return blocks;
    }

    // A block's end as drawn: a very short meeting takes the minimum height, and its neighbours make room.
    private static TimeSpan Shown(TimeSpan start, TimeSpan end) =>
        end - start < TimeSpan.FromMinutes(CalendarBlock.MinimumMinutes) ? start + TimeSpan.FromMinutes(CalendarBlock.MinimumMinutes) : end;
}
