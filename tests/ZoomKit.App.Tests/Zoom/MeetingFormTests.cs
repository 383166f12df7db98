using ZoomKit.App.Zoom;
using ZoomKit.Meetings;

namespace ZoomKit.App.Tests.Zoom;

public sealed class MeetingFormTests
{
    private static Meeting Weekly(Action<Recurrence>? change = null)
    {
        var recurrence = new Recurrence { Type = RecurrenceType.Weekly, WeeklyDays = "2,4", EndTimes = 4 };
        change?.Invoke(recurrence);
        return new Meeting
        {
            Id = 1, Topic = "Standup", Type = MeetingType.RecurringFixedTime, Timezone = "Europe/Berlin", Duration = 30, Password = "abc", Agenda = "",
            StartTime = new DateTimeOffset(2031, 1, 6, 9, 0, 0, TimeSpan.Zero), Recurrence = recurrence,
            Settings = new MeetingSettings { WaitingRoom = true, MuteUponEntry = false, AutoRecording = "none" },
        };
    }

    [Fact]
    public void Changes_NothingChanged_Empty()
    {
        var before = MeetingForm.From(Weekly(), "UTC");
        var after = MeetingForm.From(Weekly(), "UTC");

        Assert.True(MeetingForm.IsEmpty(after.Changes(before)));
    }

    [Fact]
    public void Changes_TopicOnly_OnlyTheTopic()
    {
        var before = MeetingForm.From(Weekly(), "UTC");
        var after = MeetingForm.From(Weekly(), "UTC");
        after.Topic = "Daily sync";

        var changes = after.Changes(before);

        Assert.Equal("Daily sync", changes.Topic);
        Assert.True(MeetingForm.IsEmpty(new MeetingUpdateRequest { StartTime = changes.StartTime, Timezone = changes.Timezone, Duration = changes.Duration, Password = changes.Password, Agenda = changes.Agenda, Settings = changes.Settings, Type = changes.Type, Recurrence = changes.Recurrence }));
    }

    [Fact]
    public void Changes_OneSetting_OnlyThatSetting()
    {
        var before = MeetingForm.From(Weekly(), "UTC");
        var after = MeetingForm.From(Weekly(), "UTC");
        after.MuteOnEntry = true;

        var settings = after.Changes(before).Settings!;

        Assert.Equal((null, true, null), (settings.WaitingRoom, settings.MuteUponEntry, settings.AutoRecording));
    }

    [Fact]
    public void Changes_DaysChanged_WholeRecurrenceWithType()
    {
        var before = MeetingForm.From(Weekly(), "UTC");
        var after = MeetingForm.From(Weekly(), "UTC");
        after.WeeklyDays = [2, 4, 6];

        var changes = after.Changes(before);

        Assert.Equal(MeetingType.RecurringFixedTime, changes.Type);
        Assert.Equal(("2,4,6", 4), (changes.Recurrence!.WeeklyDays, changes.Recurrence.EndTimes));
    }

    [Fact]
    public void Changes_PasscodeCleared_SentEmptyToRemoveIt()
    {
        var before = MeetingForm.From(Weekly(), "UTC");
        var after = MeetingForm.From(Weekly(), "UTC");
        after.Passcode = null;

        Assert.Equal("", after.Changes(before).Password);
    }

    [Theory]
    [InlineData("end-date", "Weekly on Monday and Wednesday, until 1 March 2031")]
    [InlineData("weekday-of-month", "Monthly on the second Monday, 4 times")]
    [InlineData("last-friday", "Monthly on the last Friday, 4 times")]
    [InlineData("no-end", "Weekly on Monday and Wednesday, with no end")]
    public void From_RecurrenceTheFormCannotShow_FixedInWordsAndNeverSent(string shape, string words)
    {
        var meeting = Weekly(r =>
        {
            switch (shape)
            {
                case "end-date":
                    (r.EndTimes, r.EndDateTime) = (null, new DateTimeOffset(2031, 3, 1, 12, 0, 0, TimeSpan.Zero));
                    break;
                case "weekday-of-month":
                    (r.Type, r.WeeklyDays, r.MonthlyWeek, r.MonthlyWeekDay) = (RecurrenceType.Monthly, null, 2, 2);
                    break;
                case "last-friday":
                    (r.Type, r.WeeklyDays, r.MonthlyWeek, r.MonthlyWeekDay) = (RecurrenceType.Monthly, null, -1, 6);
                    break;
                default:
                    r.EndTimes = 0;
                    break;
            }
        });

        var before = MeetingForm.From(meeting, "UTC");
        var after = MeetingForm.From(meeting, "UTC");
        after.Repeat = "daily";
        after.Topic = "Renamed";

        Assert.Equal(words, before.FixedRecurrence);
        var changes = after.Changes(before);
        Assert.Equal(("Renamed", null, null), (changes.Topic, changes.Recurrence, changes.Type));
    }

    [Fact]
    public void From_NoFixedTime_NoStartNeededAndNoneSent()
    {
        var meeting = new Meeting { Id = 2, Topic = "Any time", Type = MeetingType.RecurringNoFixedTime, Duration = 60, Recurrence = new Recurrence { Type = RecurrenceType.Daily } };
        var before = MeetingForm.From(meeting, "UTC");
        var after = MeetingForm.From(meeting, "UTC");
        after.Topic = "Whenever";

        var changes = after.Changes(before);

        Assert.True(before.NoFixedTime);
        Assert.Empty(before.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(before)));
        Assert.Equal(("Whenever", null, null), (changes.Topic, changes.StartTime, changes.Recurrence));
    }

    [Fact]
    public void From_AnOccurrenceShortenedOnItsOwn_RecurrenceFixed()
    {
        var meeting = Weekly();
        meeting.Occurrences = [new MeetingOccurrence { OccurrenceId = "1", StartTime = meeting.StartTime, Duration = 30 }, new MeetingOccurrence { OccurrenceId = "2", StartTime = meeting.StartTime!.Value.AddDays(2), Duration = 10 }];

        Assert.NotNull(MeetingForm.From(meeting, "UTC").FixedRecurrence);
    }

    [Fact]
    public void Changes_StartWithSecondsKeptInZoom_SameMinuteIsNoChange()
    {
        var meeting = Weekly();
        meeting.StartTime = meeting.StartTime!.Value.AddSeconds(37);
        var before = MeetingForm.From(meeting, "UTC");
        var after = MeetingForm.From(meeting, "UTC");
        after.Start = new DateTime(after.Start!.Value.Year, after.Start.Value.Month, after.Start.Value.Day, after.Start.Value.Hour, after.Start.Value.Minute, 0, DateTimeKind.Unspecified);

        Assert.True(MeetingForm.IsEmpty(after.Changes(before)));
    }

    [Fact]
    public void Invitees_SplitTrimmedOnce_SentAsZoomsMeetingInvitees()
    {
        var form = new MeetingForm { Topic = "Kick-off", Start = new DateTime(2031, 1, 6, 9, 0, 0), TimeZone = "UTC", Invitees = " ada@example.com,\nbob@example.com ; ADA@example.com\r\n" };

        var request = form.ToCreate();

        Assert.Equal(["ada@example.com", "bob@example.com"], request.Settings!.MeetingInvitees!.Select(i => i.Email));
        Assert.Empty(form.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(form)));
    }

    [Fact]
    public void Invitees_NotAnEmail_NamedWithTheFieldsLabel()
    {
        var form = new MeetingForm { Topic = "Kick-off", Start = new DateTime(2031, 1, 6, 9, 0, 0), TimeZone = "UTC", Invitees = "ada@example.com, bob at example, carol@" };

        var error = Assert.Single(form.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(form)));

        Assert.Equal(["Invitees"], error.MemberNames);
        Assert.Equal("Invitees: \"bob at example\", \"carol@\" are not email addresses (write them one per line or separated by commas).", error.ErrorMessage);
    }

    [Fact]
    public void Changes_InviteesReordered_NoChange_OneAdded_TheWholeList()
    {
        var meeting = Weekly();
        meeting.Settings!.MeetingInvitees = [new MeetingInvitee { Email = "ada@example.com" }, new MeetingInvitee { Email = "bob@example.com" }];
        var before = MeetingForm.From(meeting, "UTC");
        var after = MeetingForm.From(meeting, "UTC");
        after.Invitees = "bob@example.com, ada@example.com";

        Assert.True(MeetingForm.IsEmpty(after.Changes(before)));

        after.Invitees += ", carol@example.com";
        Assert.Equal(["bob@example.com", "ada@example.com", "carol@example.com"], after.Changes(before).Settings!.MeetingInvitees!.Select(i => i.Email));
    }

    [Fact]
    public void ZoomFieldErrors_GoBesideTheirFields_WithTheFormsOwnLabels()
    {
        var state = new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary();
        var error = new ZoomKit.Http.ZoomValidationException([new("duration", "must be 1 or more"), new("settings.meeting_invitees[1].email", "is not an email"), new("recurrence.weekly_days", "must name a day")]);

        MeetingForm.AddErrors(state, error);

        Assert.Equal("Duration (minutes): must be 1 or more.", state["Form.Duration"]!.Errors.Single().ErrorMessage);
        Assert.Equal("Invitees: is not an email.", state["Form.Invitees"]!.Errors.Single().ErrorMessage);
        Assert.Equal("Days: must name a day.", state["Form.WeeklyDays"]!.Errors.Single().ErrorMessage);
    }
}
