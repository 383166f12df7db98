using Ical.Net;
using ZoomKit.App.Zoom;
using ZoomKit.Meetings;

namespace ZoomKit.App.Tests;

/// <summary><see cref="MeetingCalendar"/> on its own: Zoom's recurrence kinds as RRULEs, read back by Ical.Net.</summary>
public sealed class MeetingCalendarTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RecurrenceType.Daily, 3, null, null, null, null, "FREQ=DAILY;INTERVAL=3;COUNT=5")]
    [InlineData(RecurrenceType.Monthly, 1, null, -1, 6, null, "FREQ=MONTHLY;COUNT=5;BYDAY=-1FR")]
    [InlineData(RecurrenceType.Monthly, 2, null, 2, 3, null, "FREQ=MONTHLY;INTERVAL=2;COUNT=5;BYDAY=2TU")]
    [InlineData(RecurrenceType.Monthly, 1, 15, null, null, null, "FREQ=MONTHLY;COUNT=5;BYMONTHDAY=15")]
    [InlineData(RecurrenceType.Weekly, 2, null, null, null, "2030-06-30T21:59:59Z", "FREQ=WEEKLY;INTERVAL=2;UNTIL=20300630T215959Z;BYDAY=TU")]
    public void ToIcs_ZoomRecurrence_TheMatchingRule(RecurrenceType type, int interval, int? monthDay, int? week, int? weekDay, string? until, string expected)
    {
        var meeting = Series(new Recurrence
        {
            Type = type,
            RepeatInterval = interval,
            WeeklyDays = type == RecurrenceType.Weekly ? "3" : null,
            MonthlyDay = monthDay,
            MonthlyWeek = week,
            MonthlyWeekDay = weekDay,
            EndTimes = until is null ? 5 : null,
            EndDateTime = until is null ? null : DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture),
        });

        var ics = MeetingCalendar.ToIcs(meeting, Now)!;

        Assert.Contains("RRULE:" + expected + "\r\n", ics, StringComparison.Ordinal);
        Assert.Single(Calendar.Load(ics)!.Events);
    }

    [Fact]
    public void ToIcs_NoFixedTime_NothingToAdd() =>
        Assert.Null(MeetingCalendar.ToIcs(new Meeting { Id = 1, Type = MeetingType.RecurringNoFixedTime }, Now));

    [Fact]
    public void ToIcs_NeverTheStartUrl_AndTheInvitationInTheDescription()
    {
        var meeting = Series(null);
        meeting.Type = MeetingType.Scheduled;
        meeting.StartUrl = "https://zoom.us/s/123?zak=secret-host-key";
        meeting.Password = "abc123";

        var ics = MeetingCalendar.ToIcs(meeting, Now)!;

        Assert.DoesNotContain("zak=", ics, StringComparison.Ordinal);
        var single = Assert.Single(Calendar.Load(ics)!.Events);
        Assert.Null(single.RecurrenceRule);
        var description = single.Description!;
        Assert.Contains("Meeting ID: 123 4567 8901", description, StringComparison.Ordinal);
        Assert.Contains("Passcode: abc123", description, StringComparison.Ordinal);
    }

    private static Meeting Series(Recurrence? recurrence) => new()
    {
        Id = 12345678901,
        Topic = "Series",
        Type = MeetingType.RecurringFixedTime,
        StartTime = new DateTimeOffset(2030, 5, 7, 8, 0, 0, TimeSpan.Zero),
        Timezone = "Europe/Berlin",
        Duration = 30,
        JoinUrl = "https://zoom.us/j/12345678901?pwd=abc",
        Recurrence = recurrence,
    };
}
