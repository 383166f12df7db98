using System.Globalization;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Meetings;

/// <summary>One occurrence of a recurring meeting, as Zoom lists it.</summary>
internal readonly record struct Occurrence(string Id, DateTimeOffset Start, int Duration);

/// <summary>
/// Zoom's recurrence rules (Meetings.json descriptions of <c>recurrence</c>) and the occurrences they
/// make: daily, weekly on given days, monthly on a day or on the Nth (or last) weekday; ending after
/// <c>end_times</c> occurrences (0: no end) or on <c>end_date_time</c>, never both; at most
/// <see cref="MaxOccurrences"/>. A type 3 meeting (no fixed time) has none.
/// </summary>
internal static class MeetingRecurrence
{
    /// <summary>Zoom's limit: "The maximum number of recurrences is 60."</summary>
    public const int MaxOccurrences = 60;

    public static void Check(JsonObject recurrence, List<(string Field, string Message)> errors)
    {
        var kind = recurrence["type"]?.GetValue<int>() ?? 1;
        // Meetings.json, repeat_interval: at most 99 days, 50 weeks or 10 months.
        var maxInterval = kind switch { 1 => 99, 2 => 50, _ => 10 };
        if (recurrence["repeat_interval"]?.GetValue<int>() is { } interval && (interval < 1 || interval > maxInterval))
        {
            errors.Add(("recurrence.repeat_interval", $"Invalid field: 1 to {maxInterval} for this recurrence type."));
        }
        if (recurrence["end_times"] is not null && recurrence["end_date_time"] is not null)
        {
            errors.Add(("recurrence.end_date_time", "end_times and end_date_time cannot both be set."));
        }
        if (recurrence["end_times"]?.GetValue<int>() is < 0)
        {
            errors.Add(("recurrence.end_times", "Invalid field: 0 (no end) to 60."));
        }
        if (recurrence["end_date_time"]?.GetValue<string>() is { } end && !end.EndsWith('Z'))
        {
            errors.Add(("recurrence.end_date_time", "Invalid field: must be UTC (yyyy-MM-ddTHH:mm:ssZ)."));
        }
        if (recurrence["monthly_day"]?.GetValue<int>() is { } day && (day < 1 || day > 31))
        {
            errors.Add(("recurrence.monthly_day", "Invalid field: 1 to 31."));
        }
        if (kind == 2 && string.IsNullOrEmpty(recurrence["weekly_days"]?.GetValue<string>()))
        {
            errors.Add(("recurrence.weekly_days", "Invalid field: days 1 (Sunday) to 7, comma-separated."));
        }
        if (kind == 3)
        {
            var byDay = recurrence["monthly_day"] is not null;
            var byWeek = recurrence["monthly_week"] is not null || recurrence["monthly_week_day"] is not null;
            if (byDay && byWeek)
            {
                errors.Add(("recurrence.monthly_day", "Use monthly_day or monthly_week with monthly_week_day, not both."));
            }
            else if (byWeek && (recurrence["monthly_week"] is null || recurrence["monthly_week_day"] is null))
            {
                errors.Add(("recurrence.monthly_week", "monthly_week and monthly_week_day go together."));
            }
        }
    }

    public static bool HasOccurrence(StoredMeeting meeting, string occurrenceId) => Occurrences(meeting).Any(o => o.Id == occurrenceId);

    /// <summary>The occurrences of a type 8 meeting in order, without deleted ones, with per-occurrence changes applied.</summary>
    public static IEnumerable<Occurrence> Occurrences(StoredMeeting meeting)
    {
        if (meeting.Type != 8 || meeting.Body["recurrence"] is not JsonObject recurrence || meeting.StartTime is not { } first)
        {
            yield break;
        }
        var endTimes = recurrence["end_times"]?.GetValue<int>();
        var until = recurrence["end_date_time"]?.GetValue<string>() is { } e ? MeetingValidator.ParseStart(e, "UTC") : null;
        // Zoom's default is one occurrence; 0 means no end, which Zoom still lists only so far.
        var limit = until is not null || endTimes == 0 ? MaxOccurrences : Math.Min(endTimes ?? 1, MaxOccurrences);
        var zone = ZoomTimeZones.Find(meeting.Body["timezone"]?.GetValue<string>() ?? "UTC");
        var localFirst = TimeZoneInfo.ConvertTime(first, zone).DateTime;
        var overrides = meeting.Body["occurrence_overrides"] as JsonObject;
        var count = 0;
        foreach (var local in Candidates(recurrence, localFirst))
        {
            var utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone), TimeSpan.Zero);
            if (utc < first)
            {
                continue;
            }
            if ((until is { } end && utc > end) || count++ >= limit)
            {
                yield break;
            }
            var id = utc.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            if (meeting.DeletedOccurrences.Contains(id))
            {
                continue;
            }
            var changed = overrides?[id] as JsonObject;
            var start = changed?["start_time"]?.GetValue<string>() is { } moved ? MeetingValidator.ParseStart(moved, "UTC")!.Value : utc;
            yield return new Occurrence(id, start, changed?["duration"]?.GetValue<int>() ?? meeting.Duration);
        }
    }

    /// <summary>Local start times the rule allows, in order, from the first one's period on.</summary>
    private static IEnumerable<DateTime> Candidates(JsonObject recurrence, DateTime first)
    {
        var interval = Math.Max(1, recurrence["repeat_interval"]?.GetValue<int>() ?? 1);
        var time = first.TimeOfDay;
        // Enough periods for 60 occurrences at any interval, and a bound for rules that never match.
        const int Periods = 2000;
        switch (recurrence["type"]?.GetValue<int>() ?? 1)
        {
            case 1:
                for (var step = 0; step < Periods; step++)
                {
                    yield return first.Date.AddDays(step * interval) + time;
                }
                break;
            case 2:
                // weekly_days: 1 is Sunday; Zoom's weeks start on Sunday.
                var days = (recurrence["weekly_days"]?.GetValue<string>() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(d => (DayOfWeek)(int.Parse(d, CultureInfo.InvariantCulture) - 1)).ToHashSet();
                if (days.Count == 0)
                {
                    days.Add(first.DayOfWeek);
                }
                var weekStart = first.Date.AddDays(-(int)first.DayOfWeek);
                for (var weekIndex = 0; weekIndex < Periods; weekIndex += interval)
                {
                    for (var d = 0; d < 7; d++)
                    {
                        var day = weekStart.AddDays(weekIndex * 7 + d);
                        if (days.Contains(day.DayOfWeek))
                        {
                            yield return day + time;
                        }
                    }
                }
                break;
            default:
                var monthStart = new DateTime(first.Year, first.Month, 1);
                var week = recurrence["monthly_week"]?.GetValue<int>();
                var weekDay = recurrence["monthly_week_day"]?.GetValue<int>();
                var monthDay = recurrence["monthly_day"]?.GetValue<int>() ?? first.Day;
                for (var step = 0; step < Periods && monthStart.AddMonths(step * interval).Year < 9999; step++)
                {
                    var month = monthStart.AddMonths(step * interval);
                    var day = week is { } w && weekDay is { } wd
                        ? NthWeekday(month, w, (DayOfWeek)(wd - 1))
                        : month.AddDays(Math.Min(monthDay, DateTime.DaysInMonth(month.Year, month.Month)) - 1);
                    yield return day + time;
                }
                break;
        }
    }

    /// <summary>The <paramref name="week"/>th (1 to 4, or -1 for the last) <paramref name="day"/> of the month.</summary>
    private static DateTime NthWeekday(DateTime month, int week, DayOfWeek day)
    {
        if (week == -1)
        {
            var last = month.AddMonths(1).AddDays(-1);
            return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
        }
        var firstOfKind = month.AddDays(((int)day - (int)month.DayOfWeek + 7) % 7);
        return firstOfKind.AddDays(7 * (week - 1));
    }

    /// <summary>Whether a meeting belongs in a list of <paramref name="type"/> between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static bool Matches(StoredMeeting meeting, string type, DateOnly? from, DateOnly? to, DateTimeOffset now)
    {
        var start = meeting.Type == 8 ? Occurrences(meeting).Select(o => (DateTimeOffset?)o.Start).FirstOrDefault(s => s!.Value.AddMinutes(meeting.Duration) > now) ?? meeting.StartTime : meeting.StartTime;
        var ended = meeting.Type != 3 && start is { } s && s.AddMinutes(meeting.Duration) <= now;
        var day = start is { } d ? DateOnly.FromDateTime(d.UtcDateTime) : (DateOnly?)null;
        if ((from is not null && (day is null || day < from)) || (to is not null && (day is null || day > to)))
        {
            return false;
        }
        return type switch
        {
            "live" => meeting.Body["status"]?.GetValue<string>() == "started",
            "previous_meetings" => ended,
            "upcoming" or "upcoming_meetings" => meeting.Type == 3 || (start is { } u && u >= now),
            _ => meeting.Type != 1 && !ended,
        };
    }
}
