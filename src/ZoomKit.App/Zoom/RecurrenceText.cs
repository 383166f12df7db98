using System.Globalization;
using ZoomKit.Meetings;

namespace ZoomKit.App.Zoom;

/// <summary>A recurrence in plain words: "Weekly on Monday and Wednesday, 12 times".</summary>
public static class RecurrenceText
{
    private static readonly string[] Ordinals = ["", "first", "second", "third", "fourth"];

    /// <summary>Describes how <paramref name="meeting"/> repeats, or null when it does not.</summary>
    public static string? Describe(Meeting meeting, TimeZoneInfo zone)
    {
        if (meeting.Type == MeetingType.RecurringNoFixedTime)
        {
            return "Recurring, with no fixed time";
        }
        if (meeting.Recurrence is not { } r)
        {
            return null;
        }
        var every = r.RepeatInterval is > 1 ? r.RepeatInterval.Value : 1;
        var text = r.Type switch
        {
            RecurrenceType.Daily => every == 1 ? "Daily" : $"Every {every} days",
            RecurrenceType.Weekly => (every == 1 ? "Weekly" : $"Every {every} weeks") + " on " + Join(Days(r.WeeklyDays).Select(d => d.ToString())),
            _ => (every == 1 ? "Monthly" : $"Every {every} months") + " on " + MonthlyDay(r, meeting, zone),
        };
        var end = r.EndDateTime is { } until
            ? ", until " + TimeZoneInfo.ConvertTime(until, zone).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : r.EndTimes is 0 ? ", with no end" : $", {r.EndTimes ?? 1} times";
        return text + end;
    }

    /// <summary>Zoom's weekly days ("1,3", 1 is Sunday) as days of the week.</summary>
    public static IEnumerable<DayOfWeek> Days(string? weeklyDays) =>
        (weeklyDays ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 7 ? (DayOfWeek?)(n - 1) : null)
            .OfType<DayOfWeek>();

    private static string MonthlyDay(Recurrence r, Meeting meeting, TimeZoneInfo zone)
    {
        if (r.MonthlyWeek is { } week && r.MonthlyWeekDay is { } weekDay && weekDay is >= 1 and <= 7)
        {
            var which = week == -1 ? "last" : week is >= 1 and <= 4 ? Ordinals[week] : week.ToString(CultureInfo.InvariantCulture);
            return $"the {which} {(DayOfWeek)(weekDay - 1)}";
        }
        var day = r.MonthlyDay ?? (meeting.StartTime is { } start ? TimeZoneInfo.ConvertTime(start, zone).Day : 1);
        return "day " + day.ToString(CultureInfo.InvariantCulture);
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }
}
