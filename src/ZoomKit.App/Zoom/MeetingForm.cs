using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ZoomKit.Http;
using ZoomKit.Meetings;

namespace ZoomKit.App.Zoom;

/// <summary>The schedule and edit form. Zoom's rules are checked by ZoomKit's own validation, and each error goes beside its field.</summary>
public sealed class MeetingForm
{
    /// <summary>Topic.</summary>
    [Display(Name = "Topic")]
    [Required(ErrorMessage = "Give the meeting a topic.")]
    public string? Topic { get; set; }

    /// <summary>Start, local to <see cref="TimeZone"/>.</summary>
    [Display(Name = "Start")]
    [Required(ErrorMessage = "Choose when the meeting starts.")]
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
    [Display(Name = "Every")]
    public int? RepeatInterval { get; set; } = 1;

    /// <summary>Weekly: the days (1 = Sunday).</summary>
    [Display(Name = "On")]
    public List<int> WeeklyDays { get; set; } = [];

    /// <summary>How many occurrences.</summary>
    [Display(Name = "Occurrences")]
    public int? Occurrences { get; set; } = 4;

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

    /// <summary>The create request.</summary>
    public MeetingCreateRequest ToCreate()
    {
        var request = new MeetingCreateRequest();
        Fill(request);
        return request;
    }

    /// <summary>The update request: every field of the form.</summary>
    public MeetingUpdateRequest ToUpdate()
    {
        var request = new MeetingUpdateRequest();
        Fill(request);
        return request;
    }

    private void Fill(MeetingRequestBase request)
    {
        request.Topic = Topic;
        request.StartTime = StartInstant();
        request.Timezone = TimeZone;
        request.Duration = Duration;
        request.Password = string.IsNullOrEmpty(Passcode) ? null : Passcode;
        request.Agenda = Agenda ?? "";
        request.Settings = new MeetingSettings { WaitingRoom = WaitingRoom, MuteUponEntry = MuteOnEntry, AutoRecording = AutoRecording };
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
        var zoneId = meeting.Timezone is { Length: > 0 } z && ZoomTimeZones.IsSupported(z) ? z : fallbackZone;
        ZoomTimeZones.TryFind(zoneId, out var zone);
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
        };
        if (meeting.Recurrence is { } recurrence)
        {
            form.Repeat = recurrence.Type switch { RecurrenceType.Daily => "daily", RecurrenceType.Weekly => "weekly", _ => "monthly" };
            form.RepeatInterval = recurrence.RepeatInterval;
            form.Occurrences = recurrence.EndTimes;
            form.WeeklyDays = (recurrence.WeeklyDays ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList();
        }
        return form;
    }

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
        "recurrence.repeat_interval" => nameof(RepeatInterval),
        "recurrence.weekly_days" => nameof(WeeklyDays),
        "recurrence.end_times" => nameof(Occurrences),
        _ when zoomField.StartsWith("recurrence", StringComparison.Ordinal) => nameof(Repeat),
        _ => "",
    };

    private static string LabelFor(string zoomField) => zoomField switch
    {
        "topic" => "Topic",
        "start_time" => "Start",
        "timezone" => "Time zone",
        "duration" => "Duration",
        "password" => "Passcode",
        "agenda" => "Agenda",
        "recurrence.weekly_days" => "Days",
        "recurrence.end_times" => "Occurrences",
        "recurrence.repeat_interval" => "Every",
        _ => zoomField,
    };
}
