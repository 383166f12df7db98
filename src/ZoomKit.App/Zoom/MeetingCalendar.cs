using System.Globalization;
using System.Text;
using Ical.Net;
using Calendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using ZoomKit.Meetings;

namespace ZoomKit.App.Zoom;

/// <summary>
/// A meeting as people's calendars take it: an iCalendar (RFC 5545) event, written by Ical.Net, in the
/// meeting's own time zone (with its VTIMEZONE), a series with its recurrence rule, and the invitation
/// text (join link, meeting ID, passcode). Never the host's <c>start_url</c>.
/// </summary>
public static class MeetingCalendar
{
    /// <summary>The <c>text/calendar</c> of the meeting, or null for one with no fixed time (nothing to put in a calendar).</summary>
    public static string? ToIcs(Meeting meeting, DateTimeOffset now) =>
        meeting.StartTime is null ? null : ToIcs([meeting], now, name: null);

    /// <summary>
    /// The <c>text/calendar</c> of several meetings (those without a fixed time left out), each zone's
    /// VTIMEZONE once; with <paramref name="name"/>, a subscribed calendar's name and how often to refresh it.
    /// </summary>
    public static string ToIcs(IEnumerable<Meeting> meetings, DateTimeOffset now, string? name)
    {
        var calendar = new Calendar { ProductId = "-//ZoomKit//Scheduler//EN" };
        if (name is not null)
        {
            calendar.Properties.Add(new CalendarProperty("X-WR-CALNAME", name));
            calendar.Properties.Add(new CalendarProperty("X-PUBLISHED-TTL", "PT1H"));
        }
        var zones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var meeting in meetings)
        {
            if (meeting.StartTime is not { } start)
            {
                continue;
            }
            var zoneId = meeting.Timezone is { Length: > 0 } zone && ZoomTimeZones.TryFind(zone, out _) ? zone : "UTC";
            ZoomTimeZones.TryFind(zoneId, out var info);
            info ??= TimeZoneInfo.Utc;
            if (zoneId != "UTC" && zones.Add(zoneId))
            {
                calendar.AddTimeZone(zoneId);
            }
            var local = TimeZoneInfo.ConvertTime(start, info);
            var e = new CalendarEvent
            {
                Uid = $"zoom-meeting-{meeting.Id.ToString(CultureInfo.InvariantCulture)}@zoomkit",
                Summary = meeting.Topic ?? "Zoom meeting",
                DtStart = zoneId == "UTC"
                    ? new CalDateTime(start.UtcDateTime, CalDateTime.UtcTzId)
                    : new CalDateTime(DateTime.SpecifyKind(local.DateTime, DateTimeKind.Unspecified), zoneId),
                Duration = Duration.FromMinutes(meeting.Duration is > 0 ? meeting.Duration.Value : 60),
                DtStamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId),
                Description = Invitation(meeting, info, zoneId),
            };
            if (Uri.TryCreate(meeting.JoinUrl, UriKind.Absolute, out var join))
            {
                e.Location = join.AbsoluteUri;
                e.Url = join;
            }
            if (Rule(meeting, info) is { } rule)
            {
                e.RecurrenceRule = rule;
            }
            calendar.Events.Add(e);
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>What "Copy invitation" copies: the time, the join link, the meeting ID and the passcode.</summary>
    public static string Invitation(Meeting meeting, TimeZoneInfo zone, string zoneId)
    {
        var text = new StringBuilder();
        text.Append("You are invited to a scheduled Zoom meeting.\n\n");
        text.Append("Topic: ").Append(meeting.Topic).Append('\n');
        if (meeting.StartTime is { } start)
        {
            text.Append("Time: ").Append(TimeZoneInfo.ConvertTime(start, zone).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture))
                .Append(" (").Append(zoneId).Append(")\n");
        }
        if (RecurrenceText.Describe(meeting, zone) is { } repeats)
        {
            text.Append("Repeats: ").Append(repeats).Append('\n');
        }
        text.Append("\nJoin Zoom Meeting\n").Append(meeting.JoinUrl).Append("\n\n");
        text.Append("Meeting ID: ").Append(SpacedId(meeting.Id)).Append('\n');
        if (!string.IsNullOrEmpty(meeting.Password))
        {
            text.Append("Passcode: ").Append(meeting.Password).Append('\n');
        }
        if (!string.IsNullOrEmpty(meeting.Agenda))
        {
            text.Append("\nAgenda:\n").Append(meeting.Agenda).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Zoom's meeting number as it prints it: 3, 4 and 4 digits (or 3, 3 and 4).</summary>
    public static string SpacedId(long id)
    {
        var digits = id.ToString(CultureInfo.InvariantCulture);
        return digits.Length switch
        {
            11 => $"{digits[..3]} {digits[3..7]} {digits[7..]}",
            10 => $"{digits[..3]} {digits[3..6]} {digits[6..]}",
            _ => digits,
        };
    }

    /// <summary>Zoom's recurrence as an RRULE (RFC 5545 §3.3.10); null for a single meeting.</summary>
    internal static RecurrenceRule? Rule(Meeting meeting, TimeZoneInfo zone)
    {
        if (meeting.Type != MeetingType.RecurringFixedTime || meeting.Recurrence is not { } r)
        {
            return null;
        }
        var interval = r.RepeatInterval is > 1 ? r.RepeatInterval.Value : 1;
        var rule = r.Type switch
        {
            RecurrenceType.Daily => new RecurrenceRule(FrequencyType.Daily, interval),
            RecurrenceType.Weekly => new RecurrenceRule(FrequencyType.Weekly, interval),
            _ => new RecurrenceRule(FrequencyType.Monthly, interval),
        };
        if (r.Type == RecurrenceType.Weekly)
        {
            rule.ByDay.AddRange(RecurrenceText.Days(r.WeeklyDays).Select(d => new WeekDay(d)));
        }
        else if (r.Type == RecurrenceType.Monthly)
        {
            if (r.MonthlyWeek is { } week && r.MonthlyWeekDay is { } weekDay and >= 1 and <= 7)
            {
                rule.ByDay.Add(new WeekDay((DayOfWeek)(weekDay - 1), week));
            }
            else if (r.MonthlyDay is { } day)
            {
                rule.ByMonthDay.Add(day);
            }
        }
        if (r.EndDateTime is { } until)
        {
            rule.Until = new CalDateTime(until.UtcDateTime, CalDateTime.UtcTzId);
        }
        else if (r.EndTimes is > 0)
        {
            rule.Count = r.EndTimes;
        }
        else if (r.EndTimes is null)
        {
            // Zoom's default end is one occurrence.
            rule.Count = 1;
        }
        return rule;
    }
}
