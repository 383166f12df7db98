using System.Text.RegularExpressions;
using ZoomKit.Http;

namespace ZoomKit.Meetings.Internal;

/// <summary>
/// Zoom's rules for a meeting create or update, checked before any I/O so that a code 300 never
/// comes back for what ZoomKit could have caught. Sources: Meetings.json and ZOOM.md.
/// </summary>
internal static partial class MeetingRequestValidator
{
    private static readonly int[] JbhTimes = [0, 5, 10, 15];
    private static readonly MeetingType[] CreatableTypes = [MeetingType.Instant, MeetingType.Scheduled, MeetingType.RecurringNoFixedTime, MeetingType.RecurringFixedTime, MeetingType.ScreenShareOnly];

    public static void ThrowIfInvalid(MeetingRequestBase request, bool isCreate)
    {
        var errors = Validate(request, isCreate);
        if (errors.Count > 0)
        {
            throw new ZoomValidationException(errors);
        }
    }

    public static List<ZoomFieldError> Validate(MeetingRequestBase request, bool isCreate)
    {
        var errors = new List<ZoomFieldError>();
        void Fail(string field, string rule) => errors.Add(new ZoomFieldError(field, rule));

        if (request.Topic is { Length: > 200 })
        {
            Fail("topic", "at most 200 characters");
        }
        if (request.Agenda is { Length: > 2000 })
        {
            Fail("agenda", "at most 2000 characters");
        }
        if (request.Password is { Length: > 0 } password)
        {
            if (password.Length > 10)
            {
                Fail("password", "at most 10 characters");
            }
            if (!PasscodeCharacters().IsMatch(password))
            {
                Fail("password", "only letters, digits and @ - _ * ! # $ % ^ & + = .");
            }
        }
        if (request.Duration is { } duration && duration is < 1 or > 1440)
        {
            Fail("duration", "between 1 and 1440 minutes");
        }
        if (request.Type is { } type && !CreatableTypes.Contains(type))
        {
            Fail("type", "one of 1 (instant), 2 (scheduled), 3 (recurring, no fixed time), 8 (recurring, fixed time), 10 (screen share)");
        }
        if (request.Timezone is { Length: > 0 } zone && !ZoomTimeZones.IsSupported(zone))
        {
            Fail("timezone", "a time zone from Zoom's list, such as America/New_York");
        }
        if (request.StartTime is { } start && (start.Year < 1970 || start.Year > 9999))
        {
            Fail("start_time", "a real date and time");
        }
        if (request.Type == MeetingType.RecurringFixedTime && request.Recurrence is null && isCreate)
        {
            Fail("recurrence", "required for a recurring meeting with a fixed time (type 8)");
        }
        if (request.Recurrence is { } recurrence)
        {
            ValidateRecurrence(recurrence, Fail);
        }
        if (request.Settings is { } settings)
        {
            ValidateSettings(settings, Fail);
        }
        return errors;
    }

    private static void ValidateRecurrence(Recurrence recurrence, Action<string, string> fail)
    {
        if (!Enum.IsDefined(recurrence.Type))
        {
            fail("recurrence.type", "1 (daily), 2 (weekly) or 3 (monthly)");
            return;
        }
        // Meetings.json: at most 99 days, 50 weeks or 10 months between occurrences.
        var maxInterval = recurrence.Type switch { RecurrenceType.Daily => 99, RecurrenceType.Weekly => 50, _ => 10 };
        if (recurrence.RepeatInterval is { } interval && (interval < 1 || interval > maxInterval))
        {
            fail("recurrence.repeat_interval", $"between 1 and {maxInterval} for a {recurrence.Type.ToString().ToLowerInvariant()} recurrence");
        }
        if (recurrence.EndTimes is { } times && (times < 0 || times > 60))
        {
            fail("recurrence.end_times", "between 0 and 60");
        }
        if (recurrence.EndTimes is not null && recurrence.EndDateTime is not null)
        {
            fail("recurrence.end_date_time", "not together with end_times");
        }
        if (recurrence.Type == RecurrenceType.Weekly)
        {
            var days = (recurrence.WeeklyDays ?? "").Split(',', StringSplitOptions.TrimEntries);
            if (string.IsNullOrEmpty(recurrence.WeeklyDays) || days.Any(d => d.Length != 1 || d[0] is < '1' or > '7') || days.Distinct().Count() != days.Length)
            {
                fail("recurrence.weekly_days", "days 1 (Sunday) to 7, comma-separated, each once");
            }
        }
        if (recurrence.MonthlyDay is { } day && day is < 1 or > 31)
        {
            fail("recurrence.monthly_day", "between 1 and 31");
        }
        if (recurrence.MonthlyWeek is { } week && week is not (-1 or 1 or 2 or 3 or 4))
        {
            fail("recurrence.monthly_week", "-1 (last) or 1 to 4");
        }
        if (recurrence.MonthlyWeekDay is { } weekDay && weekDay is < 1 or > 7)
        {
            fail("recurrence.monthly_week_day", "1 (Sunday) to 7");
        }
        if (recurrence.Type == RecurrenceType.Monthly)
        {
            var byWeek = recurrence.MonthlyWeek is not null || recurrence.MonthlyWeekDay is not null;
            if (recurrence.MonthlyDay is not null && byWeek)
            {
                fail("recurrence.monthly_day", "not together with monthly_week and monthly_week_day");
            }
            else if (byWeek && (recurrence.MonthlyWeek is null || recurrence.MonthlyWeekDay is null))
            {
                fail("recurrence.monthly_week", "monthly_week and monthly_week_day go together");
            }
        }
    }

    private static void ValidateSettings(MeetingSettings settings, Action<string, string> fail)
    {
        if (settings.JbhTime is { } jbh && !JbhTimes.Contains(jbh))
        {
            fail("settings.jbh_time", "0, 5, 10 or 15 minutes");
        }
        if (settings.ApprovalType is { } approval && approval is < 0 or > 2)
        {
            fail("settings.approval_type", "0 (automatic), 1 (manual) or 2 (no registration)");
        }
        if (settings.RegistrationType is { } registration && registration is < 1 or > 3)
        {
            fail("settings.registration_type", "1, 2 or 3");
        }
        if (settings.Audio is { } audio && !MeetingAudio.All.Contains(audio))
        {
            fail("settings.audio", "both, telephony, voip or thirdParty");
        }
        if (settings.AutoRecording is { } recording && !MeetingAutoRecording.All.Contains(recording))
        {
            fail("settings.auto_recording", "local, cloud or none");
        }
        if (settings.EncryptionType is { } encryption && encryption is not ("enhanced_encryption" or "e2ee"))
        {
            fail("settings.encryption_type", "enhanced_encryption or e2ee");
        }
        if (settings.AudioConferenceInfo is { Length: > 2048 })
        {
            fail("settings.audio_conference_info", "at most 2048 characters");
        }
        if (settings.CustomKeys is { Count: > 10 })
        {
            fail("settings.custom_keys", "at most 10 keys");
        }
        if (settings.AlternativeHosts is { Length: > 0 } hosts)
        {
            foreach (var host in hosts.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!EmailShape().IsMatch(host))
                {
                    fail("settings.alternative_hosts", $"email addresses separated by ';' ('{host}' is not one)");
                }
            }
        }
        if (settings.CalendarType is { } calendar && calendar is not (1 or 2))
        {
            fail("settings.calendar_type", "1 (Outlook) or 2 (Google Calendar)");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9@\\-_*!#$%^&+=.]+$")]
    private static partial Regex PasscodeCharacters();

    [GeneratedRegex("^[^@\\s;,]+@[^@\\s;,]+\\.[^@\\s;,]+$")]
    private static partial Regex EmailShape();
}
