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
        // Meetings.json requires a tracking field's name when creating, not when changing.
        if (isCreate)
        {
            Each(request.TrackingFields, "tracking_fields", (t, at) => Required(t.Field, at + ".field", Fail));
        }
        if (request.Settings is { } settings)
        {
            ValidateSettings(settings, isCreate, Fail);
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

    // Zoom's create and update schemas (Meetings.json) accept different settings, though the get
    // schema returns them all. A field sent where Zoom does not take it is ignored in silence and the
    // change is lost, so such a request is refused before anything is sent.
    private static readonly (string Field, Func<MeetingSettings, bool> IsSet)[] NotOnCreate =
    [
        ("settings.authentication_name", s => s.AuthenticationName is not null),
        ("settings.custom_keys", s => s.CustomKeys is not null),
        ("settings.enforce_login", s => s.EnforceLogin is not null),
        ("settings.enforce_login_domains", s => s.EnforceLoginDomains is not null),
        ("settings.global_dial_in_numbers", s => s.GlobalDialInNumbers is not null),
        ("settings.authentication_exception.join_url", s => s.AuthenticationExemption?.Any(e => e.JoinUrl is not null) == true),
    ];

    private static readonly (string Field, Func<MeetingSettings, bool> IsSet)[] NotOnUpdate =
    [
        ("settings.additional_data_center_regions", s => s.AdditionalDataCenterRegions is not null),
        ("settings.show_join_info", s => s.ShowJoinInfo is not null),
    ];

    /// <summary>The settings Zoom's schema for this request does not take (create or update), as dotted paths.</summary>
    internal static IEnumerable<string> NotAccepted(bool isCreate) => (isCreate ? NotOnCreate : NotOnUpdate).Select(f => f.Field);

    private static void ValidateSettings(MeetingSettings settings, bool isCreate, Action<string, string> fail)
    {
        foreach (var (field, isSet) in isCreate ? NotOnCreate : NotOnUpdate)
        {
            if (isSet(settings))
            {
                fail(field, isCreate ? "Zoom takes this only when a meeting is changed, not when it is created" : "Zoom takes this only when a meeting is created, not when it is changed");
            }
        }
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
        OneOf(settings.Audio, MeetingAudio.All, "settings.audio", fail);
        OneOf(settings.AutoRecording, MeetingAutoRecording.All, "settings.auto_recording", fail);
        OneOf(settings.EncryptionType, ["enhanced_encryption", "e2ee"], "settings.encryption_type", fail);
        OneOf(settings.ApprovedOrDeniedCountriesOrRegions?.Method, ["approve", "deny"], "settings.approved_or_denied_countries_or_regions.method", fail);
        OneOf(settings.QuestionAndAnswer?.QuestionVisibility, ["answered", "all"], "settings.question_and_answer.question_visibility", fail);
        OneOf(settings.WaitingRoomOptions?.Mode, ["follow_setting", "custom"], "settings.waiting_room_options.mode", fail);
        OneOf(settings.WaitingRoomOptions?.WhoGoesToWaitingRoom, ["everyone", "users_not_in_account", "users_not_in_account_or_whitelisted_domains", "users_not_on_invite"], "settings.waiting_room_options.who_goes_to_waiting_room", fail);
        if (settings.AudioConferenceInfo is { Length: > 2048 })
        {
            fail("settings.audio_conference_info", "at most 2048 characters");
        }
        if (settings.CustomKeys is { } keys)
        {
            if (keys.Count > 10)
            {
                fail("settings.custom_keys", "at most 10 keys");
            }
            Each(keys, "settings.custom_keys", (key, at) =>
            {
                if (key.Key is { Length: > 64 })
                {
                    fail(at + ".key", "at most 64 characters");
                }
                if (key.Value is { Length: > 256 })
                {
                    fail(at + ".value", "at most 256 characters");
                }
            });
        }
        if (settings.AutoAddRecordingToVideoManagement is { } videoManagement)
        {
            Required(videoManagement.Enable, "settings.auto_add_recording_to_video_management.enable", fail);
            if (videoManagement.Channels is { Count: 0 or > 5 })
            {
                fail("settings.auto_add_recording_to_video_management.channels", "1 to 5 channels");
            }
            Each(videoManagement.Channels, "settings.auto_add_recording_to_video_management.channels", (c, at) => Required(c.ChannelId, at + ".channel_id", fail));
        }
        if (settings.WaitingRoomOptions is { } waitingRoom)
        {
            Required(waitingRoom.Mode, "settings.waiting_room_options.mode", fail);
        }
        // Meetings.json writes this limit as "maximum: 20" on the array; it is the number of interpreters.
        if (settings.SignLanguageInterpretation?.Interpreters is { Count: > 20 })
        {
            fail("settings.sign_language_interpretation.interpreters", "at most 20 interpreters");
        }
        Each(settings.GlobalDialInNumbers, "settings.global_dial_in_numbers", (n, at) => OneOf(n.Type, ["toll", "tollfree"], at + ".type", fail));
        Each(settings.Resources, "settings.resources", (r, at) =>
        {
            OneOf(r.ResourceType, ["whiteboard"], at + ".resource_type", fail);
            OneOf(r.PermissionLevel, ["editor", "commenter", "viewer"], at + ".permission_level", fail);
        });
        Each(settings.AuthenticationExemption, "settings.authentication_exception", (e, at) => Email(e.Email, at + ".email", fail));
        Each(settings.LanguageInterpretation?.Interpreters, "settings.language_interpretation.interpreters", (i, at) => Email(i.Email, at + ".email", fail));
        Each(settings.SignLanguageInterpretation?.Interpreters, "settings.sign_language_interpretation.interpreters", (i, at) => Email(i.Email, at + ".email", fail));
        Each(settings.MeetingInvitees, "settings.meeting_invitees", (i, at) => Email(i.Email, at + ".email", fail));
        if (settings.WhoWillReceiveSummary is { } receivers && receivers is < 1 or > 4)
        {
            fail("settings.who_will_receive_summary", "1 (host), 2 (host and account users), 3 (host, alternative hosts and those who can edit), 4 (all participants)");
        }
        if (settings.WhoCanAskQuestions is { } askers && askers is < 1 or > 5)
        {
            fail("settings.who_can_ask_questions", "1 to 5");
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

    private static void Required(object? value, string field, Action<string, string> fail)
    {
        if (value is null)
        {
            fail(field, "required");
        }
    }

    private static void OneOf(string? value, IReadOnlyCollection<string> allowed, string field, Action<string, string> fail)
    {
        if (value is not null && !allowed.Contains(value))
        {
            fail(field, "one of " + string.Join(", ", allowed));
        }
    }

    private static void Email(string? value, string field, Action<string, string> fail)
    {
        if (value is not null && !EmailShape().IsMatch(value))
        {
            fail(field, "an email address");
        }
    }

    // Array items are named as the emulator and Zoom's validation name them: settings.meeting_invitees[0].email.
    private static void Each<T>(IList<T>? items, string field, Action<T, string> check)
    {
        for (var i = 0; items is not null && i < items.Count; i++)
        {
            check(items[i], $"{field}[{i}]");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9@\\-_*!#$%^&+=.]+$")]
    private static partial Regex PasscodeCharacters();

    [GeneratedRegex("^[^@\\s;,]+@[^@\\s;,]+\\.[^@\\s;,]+$")]
    private static partial Regex EmailShape();
}
