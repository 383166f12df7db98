using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Zoom;

/// <summary>
/// The schedule and edit form. Zoom's rules are checked by ZoomKit's own validation, and each error
/// goes beside its field. An edit sends only what the person changed (<see cref="Changes"/>), and a
/// recurrence the form cannot show faithfully is shown in words and never sent back.
/// </summary>
public sealed class MeetingForm : IValidatableObject
{
    /// <summary>Topic.</summary>
    [Display(Name = "Topic")]
    [Required(ErrorMessage = "Give the meeting a topic.")]
    public string? Topic { get; set; }

    /// <summary>Start, local to <see cref="TimeZone"/>.</summary>
    [Display(Name = "Start")]
    public DateTime? Start { get; set; }

    /// <summary>Time zone.</summary>
    [Display(Name = "Time zone")]
    [Required(ErrorMessage = "Choose a time zone.")]
    public string? TimeZone { get; set; }

    /// <summary>Duration (minutes).</summary>
    [Display(Name = "Duration (minutes)")]
    [Required(ErrorMessage = "Say how long the meeting lasts.")]
    public int? Duration { get; set; } = 60;

    /// <summary>Passcode.</summary>
    [Display(Name = "Passcode")]
    public string? Passcode { get; set; }

    /// <summary>Agenda.</summary>
    [Display(Name = "Agenda")]
    public string? Agenda { get; set; }

    /// <summary>Who Zoom invites (<c>settings.meeting_invitees</c>): email addresses, one per line or separated by commas.</summary>
    [Display(Name = "Invitees")]
    public string? Invitees { get; set; }

    /// <summary>Waiting room.</summary>
    [Display(Name = "Waiting room")]
    public bool WaitingRoom { get; set; }

    /// <summary>Mute participants on entry.</summary>
    [Display(Name = "Mute participants on entry")]
    public bool MuteOnEntry { get; set; }

    /// <summary>Automatic recording.</summary>
    [Display(Name = "Automatic recording")]
    public string AutoRecording { get; set; } = MeetingAutoRecording.None;

    /// <summary>Repeats: none, daily, weekly, monthly.</summary>
    [Display(Name = "Repeats")]
    public string Repeat { get; set; } = "none";

    /// <summary>Every N days, weeks or months.</summary>
    [Display(Name = "Every (days, weeks or months)")]
    public int? RepeatInterval { get; set; } = 1;

    /// <summary>Weekly: the days (1 = Sunday).</summary>
    [Display(Name = "Days")]
    public List<int> WeeklyDays { get; set; } = [];

    /// <summary>How many occurrences.</summary>
    [Display(Name = "Occurrences")]
    public int? Occurrences { get; set; } = 4;

    /// <summary>A recurring meeting with no fixed time (Zoom's type 3): it has no start.</summary>
    public bool NoFixedTime { get; set; }

    /// <summary>
    /// The meeting's recurrence in words when the form cannot show it faithfully (it ends on a date,
    /// repeats on a weekday of the month, has no end, or has occurrences changed one by one); it is
    /// then shown read-only and kept as Zoom has it. Null when the recurrence fields show it.
    /// </summary>
    public string? FixedRecurrence { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!NoFixedTime && Start is null)
        {
            yield return new ValidationResult("Choose when the meeting starts.", [nameof(Start)]);
        }
        var wrong = InviteeList(Invitees).Where(e => !System.Net.Mail.MailAddress.TryCreate(e, out var address) || address.Address != e).ToList();
        if (wrong.Count > 0)
        {
            yield return new ValidationResult($"{Label(nameof(Invitees))}: {string.Join(", ", wrong.Select(w => $"\"{w}\""))} {(wrong.Count == 1 ? "is not an email address" : "are not email addresses")} (write them one per line or separated by commas).", [nameof(Invitees)]);
        }
    }

    /// <summary>The invitees' addresses as typed: split at commas, semicolons and line ends, trimmed, each once (case aside).</summary>
    public static IReadOnlyList<string> InviteeList(string? text) =>
        [.. (text ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>A field's label, from its <see cref="DisplayAttribute"/>: the one place labels are written.</summary>
    public static string Label(string property) =>
        typeof(MeetingForm).GetProperty(property)?.GetCustomAttributes(typeof(DisplayAttribute), false).OfType<DisplayAttribute>().FirstOrDefault()?.Name ?? property;

    /// <summary>The start as an instant, from <see cref="Start"/> in <see cref="TimeZone"/>.</summary>
    public DateTimeOffset? StartInstant()
    {
        if (Start is not { } local || TimeZone is null || !ZoomTimeZones.TryFind(TimeZone, out var zone))
        {
            return null;
        }
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            wall = wall.AddHours(1);
        }
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    /// <summary>A new meeting's start: tomorrow at the next full hour, local to the person.</summary>
    public static DateTime DefaultStart(DateTimeOffset localNow)
    {
        var next = localNow.AddDays(1);
        return new DateTime(next.Year, next.Month, next.Day, next.Hour, 0, 0, DateTimeKind.Unspecified).AddHours(1);
    }

    /// <summary>The create request.</summary>
    public MeetingCreateRequest ToCreate()
    {
        var request = new MeetingCreateRequest();
        Fill(request);
        return request;
    }

    /// <summary>
    /// The update request: only the fields that differ from <paramref name="before"/>, the form as it
    /// was shown. Changing only the topic changes only the topic.
    /// </summary>
    public MeetingUpdateRequest Changes(MeetingForm before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var request = new MeetingUpdateRequest();
        if (Topic != before.Topic)
        {
            request.Topic = Topic;
        }
        if (!NoFixedTime && (!SameMinute(Start, before.Start) || TimeZone != before.TimeZone))
        {
            request.StartTime = StartInstant();
            request.Timezone = TimeZone;
        }
        else if (TimeZone != before.TimeZone)
        {
            request.Timezone = TimeZone;
        }
        if (Duration != before.Duration)
        {
            request.Duration = Duration;
        }
        if ((Passcode ?? "") != (before.Passcode ?? ""))
        {
            // An emptied passcode is sent empty: that removes it.
            request.Password = Passcode ?? "";
        }
        if ((Agenda ?? "") != (before.Agenda ?? ""))
        {
            request.Agenda = Agenda ?? "";
        }
        var settings = new MeetingSettings
        {
            WaitingRoom = WaitingRoom != before.WaitingRoom ? WaitingRoom : null,
            MuteUponEntry = MuteOnEntry != before.MuteOnEntry ? MuteOnEntry : null,
            AutoRecording = AutoRecording != before.AutoRecording ? AutoRecording : null,
        };
        if (!InviteeList(Invitees).Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(InviteeList(before.Invitees).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
        {
            settings.MeetingInvitees = InviteesOf(Invitees);
        }
        if (settings.WaitingRoom is not null || settings.MuteUponEntry is not null || settings.AutoRecording is not null || settings.MeetingInvitees is not null)
        {
            request.Settings = settings;
        }
        if (FixedRecurrence is null && !NoFixedTime && RecurrenceDiffers(before))
        {
            FillRecurrence(request);
        }
        return request;
    }

    /// <summary>Whether <paramref name="request"/> changes nothing.</summary>
    public static bool IsEmpty(MeetingUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request is { Topic: null, StartTime: null, Timezone: null, Duration: null, Password: null, Agenda: null, Settings: null, Type: null, Recurrence: null };
    }

    private bool RecurrenceDiffers(MeetingForm before) =>
        Repeat != before.Repeat
        || (Repeat != "none" && (RepeatInterval != before.RepeatInterval || Occurrences != before.Occurrences
            || !WeeklyDays.Order().SequenceEqual(before.WeeklyDays.Order())
            || (Repeat == "monthly" && Start?.Day != before.Start?.Day)));

    // The form's time input has minutes; a start Zoom keeps with seconds is the same minute.
    private static bool SameMinute(DateTime? a, DateTime? b) =>
        a is null || b is null ? a == b : a.Value.AddTicks(-(a.Value.Ticks % TimeSpan.TicksPerMinute)) == b.Value.AddTicks(-(b.Value.Ticks % TimeSpan.TicksPerMinute));

    private void Fill(MeetingRequestBase request)
    {
        request.Topic = Topic;
        request.StartTime = StartInstant();
        request.Timezone = TimeZone;
        request.Duration = Duration;
        request.Password = string.IsNullOrEmpty(Passcode) ? null : Passcode;
        request.Agenda = Agenda ?? "";
        request.Settings = new MeetingSettings { WaitingRoom = WaitingRoom, MuteUponEntry = MuteOnEntry, AutoRecording = AutoRecording };
        if (InviteeList(Invitees).Count > 0)
        {
            request.Settings.MeetingInvitees = InviteesOf(Invitees);
        }
        FillRecurrence(request);
    }

    private static List<MeetingInvitee> InviteesOf(string? text) => [.. InviteeList(text).Select(e => new MeetingInvitee { Email = e })];

    private void FillRecurrence(MeetingRequestBase request)
    {
        if (Repeat is "daily" or "weekly" or "monthly")
        {
            request.Type = MeetingType.RecurringFixedTime;
            request.Recurrence = new Recurrence
            {
                Type = Repeat switch { "daily" => RecurrenceType.Daily, "weekly" => RecurrenceType.Weekly, _ => RecurrenceType.Monthly },
                RepeatInterval = RepeatInterval,
                WeeklyDays = Repeat == "weekly" ? string.Join(',', WeeklyDays.Order()) : null,
                MonthlyDay = Repeat == "monthly" ? Start?.Day : null,
                EndTimes = Occurrences,
            };
        }
        else
        {
            request.Type = MeetingType.Scheduled;
        }
    }

    /// <summary>The form of an existing meeting.</summary>
    public static MeetingForm From(Meeting meeting, string fallbackZone)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var zoneId = meeting.Timezone is { Length: > 0 } z && ZoomTimeZones.IsSupported(z) ? z : fallbackZone;
        ZoomTimeZones.TryFind(zoneId, out var zone);
        zone ??= TimeZoneInfo.Utc;
        var form = new MeetingForm
        {
            Topic = meeting.Topic,
            Start = meeting.StartTime is { } start ? TimeZoneInfo.ConvertTime(start, zone).DateTime : null,
            TimeZone = zoneId,
            Duration = meeting.Duration,
            Passcode = meeting.Password,
            Agenda = meeting.Agenda,
            WaitingRoom = meeting.Settings?.WaitingRoom ?? false,
            MuteOnEntry = meeting.Settings?.MuteUponEntry ?? false,
            AutoRecording = meeting.Settings?.AutoRecording ?? MeetingAutoRecording.None,
            Invitees = string.Join("\n", (meeting.Settings?.MeetingInvitees ?? []).Select(i => i.Email).OfType<string>()),
            NoFixedTime = meeting.Type == MeetingType.RecurringNoFixedTime,
        };
        var recurrence = meeting.Recurrence;
        if (recurrence is null && !form.NoFixedTime)
        {
            return form;
        }
        if (form.NoFixedTime || !FormShows(meeting, recurrence!, form.Start, zone))
        {
            form.FixedRecurrence = RecurrenceText.Describe(meeting, zone);
            form.Repeat = "none";
            return form;
        }
        form.Repeat = recurrence!.Type switch { RecurrenceType.Daily => "daily", RecurrenceType.Weekly => "weekly", _ => "monthly" };
        form.RepeatInterval = recurrence.RepeatInterval ?? 1;
        form.Occurrences = recurrence.EndTimes;
        form.WeeklyDays = RecurrenceText.Days(recurrence.WeeklyDays).Select(d => (int)d + 1).ToList();
        return form;
    }

    /// <summary>Whether the recurrence fields can show this meeting's recurrence exactly as Zoom has it.</summary>
    private static bool FormShows(Meeting meeting, Recurrence recurrence, DateTime? localStart, TimeZoneInfo zone) =>
        meeting.Type == MeetingType.RecurringFixedTime
        && recurrence.EndDateTime is null
        && recurrence.EndTimes is >= 1 and <= 60
        && recurrence.Type switch
        {
            RecurrenceType.Daily => true,
            RecurrenceType.Weekly => RecurrenceText.Days(recurrence.WeeklyDays).Any(),
            RecurrenceType.Monthly => recurrence.MonthlyWeek is null && recurrence.MonthlyWeekDay is null && (recurrence.MonthlyDay is null || recurrence.MonthlyDay == localStart?.Day),
            _ => false,
        }
        // An occurrence moved or shortened on its own is a change the series fields cannot show.
        && (meeting.Occurrences ?? []).All(o => o.Duration == meeting.Duration
            && (o.StartTime is not { } at || localStart is not { } first || TimeZoneInfo.ConvertTime(at, zone).TimeOfDay == first.TimeOfDay));

    /// <summary>Puts each of Zoom's field errors beside the form field it belongs to.</summary>
    public static void AddErrors(ModelStateDictionary state, ZoomApiException error)
    {
        foreach (var field in error.Errors)
        {
            state.AddModelError("Form." + FieldFor(field.Field), $"{LabelFor(field.Field)}: {field.Message}.");
        }
        if (error.Errors.Count == 0)
        {
            state.AddModelError("", error.ZoomMessage);
        }
    }

    private static string FieldFor(string zoomField) => zoomField switch
    {
        "topic" => nameof(Topic),
        "start_time" => nameof(Start),
        "timezone" => nameof(TimeZone),
        "duration" => nameof(Duration),
        "password" => nameof(Passcode),
        "agenda" => nameof(Agenda),
        "settings.auto_recording" => nameof(AutoRecording),
        _ when zoomField.StartsWith("settings.meeting_invitees", StringComparison.Ordinal) => nameof(Invitees),
        "recurrence.repeat_interval" => nameof(RepeatInterval),
        "recurrence.weekly_days" => nameof(WeeklyDays),
        "recurrence.end_times" => nameof(Occurrences),
        _ when zoomField.StartsWith("recurrence", StringComparison.Ordinal) => nameof(Repeat),
        _ => "",
    };

    // Zoom's name for a field, as the person sees it: the label of the form field it goes beside.
    private static string LabelFor(string zoomField) => FieldFor(zoomField) is { Length: > 0 } property ? Label(property) : zoomField;
}
