using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Meetings;

/// <summary>
/// The checks Zoom makes on a meeting create or update body, written from the spec
/// (<c>Meetings.json</c>, <c>meetingCreate</c> and <c>meetingUpdate</c>) and ZOOM.md. Unknown
/// fields are ignored, as Zoom ignores them; a known field of the wrong type or out of range is a
/// code 300 error with its dotted path.
/// </summary>
internal static partial class MeetingValidator
{
    private abstract record Rule;
    private sealed record Bool : Rule;
    private sealed record Text(int? MaxLength = null) : Rule;
    private sealed record Email : Rule;
    private sealed record Int(int? Min = null, int? Max = null, int[]? OneOf = null) : Rule;
    private sealed record OneOfText(params string[] Values) : Rule;
    private sealed record Obj(Dictionary<string, Rule> Fields) : Rule;
    private sealed record Arr(Rule Items, int? MaxItems = null) : Rule;

    private static readonly Bool B = new();
    private static readonly Text S = new();

    private static readonly Dictionary<string, Rule> Settings = new(StringComparer.Ordinal)
    {
        ["additional_data_center_regions"] = new Arr(S),
        ["allow_multiple_devices"] = B,
        ["alternative_hosts"] = S,
        ["alternative_hosts_email_notification"] = B,
        ["approval_type"] = new Int(OneOf: [0, 1, 2]),
        ["approved_or_denied_countries_or_regions"] = new Obj(new() { ["approved_list"] = new Arr(S), ["denied_list"] = new Arr(S), ["enable"] = B, ["method"] = new OneOfText("approve", "deny") }),
        ["audio"] = new OneOfText("both", "telephony", "voip", "thirdParty"),
        ["audio_conference_info"] = new Text(2048),
        ["authentication_domains"] = S,
        ["authentication_exception"] = new Arr(new Obj(new() { ["email"] = new Email(), ["name"] = S, ["join_url"] = S })),
        ["authentication_name"] = S,
        ["custom_keys"] = new Arr(new Obj(new() { ["key"] = new Text(64), ["value"] = new Text(256) }), 10),
        ["enforce_login"] = B,
        ["enforce_login_domains"] = S,
        ["global_dial_in_numbers"] = new Arr(new Obj(new() { ["city"] = S, ["country"] = S, ["country_name"] = S, ["number"] = S, ["type"] = new OneOfText("toll", "tollfree") })),
        ["authentication_option"] = S,
        ["auto_recording"] = new OneOfText("local", "cloud", "none"),
        ["auto_add_recording_to_video_management"] = new Obj(new() { ["enable"] = B, ["channels"] = new Arr(new Obj(new() { ["channel_id"] = S, ["name"] = S }), 5) }),
        ["breakout_room"] = new Obj(new() { ["enable"] = B, ["rooms"] = new Arr(new Obj(new() { ["name"] = S, ["participants"] = new Arr(S) })) }),
        ["calendar_type"] = new Int(OneOf: [1, 2]),
        ["close_registration"] = B,
        ["cn_meeting"] = B,
        ["contact_email"] = S,
        ["contact_name"] = S,
        ["email_notification"] = B,
        ["encryption_type"] = new OneOfText("enhanced_encryption", "e2ee"),
        ["focus_mode"] = B,
        ["global_dial_in_countries"] = new Arr(S),
        ["host_video"] = B,
        ["in_meeting"] = B,
        ["jbh_time"] = new Int(OneOf: [0, 5, 10, 15]),
        ["join_before_host"] = B,
        ["question_and_answer"] = new Obj(new() { ["enable"] = B, ["allow_submit_questions"] = B, ["allow_anonymous_questions"] = B, ["question_visibility"] = new OneOfText("answered", "all"), ["attendees_can_comment"] = B, ["attendees_can_upvote"] = B }),
        ["language_interpretation"] = new Obj(new() { ["enable"] = B, ["interpreters"] = new Arr(new Obj(new() { ["email"] = new Email(), ["languages"] = S, ["interpreter_languages"] = S })) }),
        ["sign_language_interpretation"] = new Obj(new() { ["enable"] = B, ["interpreters"] = new Arr(new Obj(new() { ["email"] = new Email(), ["sign_language"] = S }), 20) }),
        ["meeting_authentication"] = B,
        ["meeting_invitees"] = new Arr(new Obj(new() { ["email"] = new Email() })),
        ["mute_upon_entry"] = B,
        ["participant_video"] = B,
        ["private_meeting"] = B,
        ["registrants_confirmation_email"] = B,
        ["registrants_email_notification"] = B,
        ["registration_type"] = new Int(OneOf: [1, 2, 3]),
        ["show_share_button"] = B,
        ["show_join_info"] = B,
        ["use_pmi"] = B,
        ["waiting_room"] = B,
        ["waiting_room_options"] = new Obj(new() { ["mode"] = new OneOfText("follow_setting", "custom"), ["who_goes_to_waiting_room"] = new OneOfText("everyone", "users_not_in_account", "users_not_in_account_or_whitelisted_domains", "users_not_on_invite") }),
        ["watermark"] = B,
        ["host_save_video_order"] = B,
        ["alternative_host_update_polls"] = B,
        ["alternative_host_manage_meeting_summary"] = B,
        ["alternative_host_manage_cloud_recording"] = B,
        ["internal_meeting"] = B,
        ["continuous_meeting_chat"] = new Obj(new() { ["enable"] = B, ["auto_add_invited_external_users"] = B, ["auto_add_meeting_participants"] = B }),
        ["participant_focused_meeting"] = B,
        ["push_change_to_calendar"] = B,
        ["resources"] = new Arr(new Obj(new() { ["resource_type"] = new OneOfText("whiteboard"), ["resource_id"] = S, ["permission_level"] = new OneOfText("editor", "commenter", "viewer") })),
        ["auto_start_meeting_summary"] = B,
        ["who_will_receive_summary"] = new Int(OneOf: [1, 2, 3, 4]),
        ["auto_start_ai_companion_questions"] = B,
        ["who_can_ask_questions"] = new Int(OneOf: [1, 2, 3, 4, 5]),
        ["summary_template_id"] = S,
        ["device_testing"] = B,
        ["request_permission_to_unmute_participants"] = B,
        ["allow_host_control_participant_mute_state"] = B,
        ["disable_participant_video"] = B,
        ["email_in_attendee_report"] = B,
    };

    private static readonly Dictionary<string, Rule> Recurrence = new(StringComparer.Ordinal)
    {
        ["type"] = new Int(OneOf: [1, 2, 3]),
        ["repeat_interval"] = new Int(1, 99),
        ["weekly_days"] = S,
        ["monthly_day"] = new Int(1, 31),
        ["monthly_week"] = new Int(OneOf: [-1, 1, 2, 3, 4]),
        ["monthly_week_day"] = new Int(OneOf: [1, 2, 3, 4, 5, 6, 7]),
        ["end_times"] = new Int(0, 60),
        ["end_date_time"] = S,
    };

    private static readonly Dictionary<string, Rule> Top = new(StringComparer.Ordinal)
    {
        ["agenda"] = new Text(2000),
        ["default_password"] = B,
        ["duration"] = new Int(1, 1440),
        ["password"] = new Text(10),
        ["pre_schedule"] = B,
        ["recurrence"] = new Obj(Recurrence),
        ["schedule_for"] = S,
        ["settings"] = new Obj(Settings),
        ["start_time"] = S,
        ["template_id"] = S,
        ["timezone"] = S,
        ["topic"] = new Text(200),
        ["tracking_fields"] = new Arr(new Obj(new() { ["field"] = S, ["value"] = S })),
        ["type"] = new Int(OneOf: [1, 2, 3, 8, 10]),
    };

    /// <summary>Every broken rule of a create (<paramref name="existing"/> null) or an update of <paramref name="existing"/>.</summary>
    public static List<(string Field, string Message)> Validate(JsonObject body, JsonObject? existing)
    {
        var errors = new List<(string, string)>();
        CheckObject(body, Top, "", errors);
        if (errors.Count > 0)
        {
            return errors;
        }
        if (body["password"]?.GetValue<string>() is { Length: > 0 } password && !PasscodeCharacters().IsMatch(password))
        {
            errors.Add(("password", "Passcode may only contain letters, digits and @ - _ * ! # $ % ^ & + = ."));
        }
        if (body["timezone"]?.GetValue<string>() is { Length: > 0 } zone && !ZoomTimeZones.Ids.Contains(zone))
        {
            errors.Add(("timezone", "Invalid field."));
        }
        if (body["start_time"]?.GetValue<string>() is { Length: > 0 } start && ParseStart(start, "UTC") is null)
        {
            errors.Add(("start_time", "Invalid field."));
        }
        var type = body["type"]?.GetValue<int>() ?? existing?["type"]?.GetValue<int>() ?? 2;
        var recurrence = body["recurrence"] as JsonObject ?? (body.ContainsKey("recurrence") ? null : existing?["recurrence"] as JsonObject);
        if (type == 8 && recurrence is null)
        {
            errors.Add(("recurrence", "Recurrence is required for a recurring meeting with a fixed time (type 8)."));
        }
        if (recurrence is not null && (type == 8 || type == 3))
        {
            CheckRecurrence(recurrence, errors);
        }
        if (body["settings"]?["alternative_hosts"]?.GetValue<string>() is { Length: > 0 } hosts)
        {
            foreach (var host in hosts.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!EmailShape().IsMatch(host))
                {
                    errors.Add(("settings.alternative_hosts", $"Invalid alternative host: {host}."));
                }
            }
        }
        return errors;
    }

    private static void CheckRecurrence(JsonObject recurrence, List<(string, string)> errors)
    {
        var kind = recurrence["type"]?.GetValue<int>();
        if (kind is null)
        {
            errors.Add(("recurrence.type", "Invalid field."));
            return;
        }
        var interval = recurrence["repeat_interval"]?.GetValue<int>();
        // Zoom's limits: every 99 days at most, 50 weeks, 10 months (Meetings.json, repeat_interval).
        var maxInterval = kind switch { 1 => 99, 2 => 50, _ => 10 };
        if (interval is { } i && i > maxInterval)
        {
            errors.Add(("recurrence.repeat_interval", $"Invalid field: at most {maxInterval} for this recurrence type."));
        }
        if (recurrence.ContainsKey("end_times") && recurrence.ContainsKey("end_date_time") && recurrence["end_times"] is not null && recurrence["end_date_time"] is not null)
        {
            errors.Add(("recurrence.end_date_time", "end_times and end_date_time cannot both be set."));
        }
        if (recurrence["end_date_time"]?.GetValue<string>() is { } end && !end.EndsWith('Z'))
        {
            errors.Add(("recurrence.end_date_time", "Invalid field: must be UTC (yyyy-MM-ddTHH:mm:ssZ)."));
        }
        if (kind == 2)
        {
            var days = recurrence["weekly_days"]?.GetValue<string>() ?? "";
            var parts = days.Split(',', StringSplitOptions.TrimEntries);
            if (days.Length == 0 || parts.Any(d => d.Length != 1 || d[0] < '1' || d[0] > '7') || parts.Distinct().Count() != parts.Length)
            {
                errors.Add(("recurrence.weekly_days", "Invalid field: days 1 (Sunday) to 7, comma-separated."));
            }
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

    private static void CheckObject(JsonObject body, Dictionary<string, Rule> rules, string prefix, List<(string, string)> errors)
    {
        foreach (var (name, value) in body)
        {
            if (rules.TryGetValue(name, out var rule))
            {
                Check(value, rule, prefix + name, errors);
            }
        }
    }

    private static void Check(JsonNode? value, Rule rule, string path, List<(string, string)> errors)
    {
        if (value is null)
        {
            return;
        }
        var kind = value.GetValueKind();
        switch (rule)
        {
            case Bool when kind is not (JsonValueKind.True or JsonValueKind.False):
            case Text or Email or OneOfText when kind != JsonValueKind.String:
            case Int when kind != JsonValueKind.Number || !value.AsValue().TryGetValue<int>(out _):
            case Obj when value is not JsonObject:
            case Arr when value is not JsonArray:
                errors.Add((path, "Invalid field."));
                return;
            case Text { MaxLength: { } max } when value.GetValue<string>().Length > max:
                errors.Add((path, $"Invalid field: at most {max} characters."));
                return;
            case Email when !EmailShape().IsMatch(value.GetValue<string>()):
            case OneOfText oneOf when !oneOf.Values.Contains(value.GetValue<string>()):
                errors.Add((path, "Invalid field."));
                return;
            case Int range:
                var number = value.GetValue<int>();
                if ((range.Min is { } min && number < min) || (range.Max is { } maxValue && number > maxValue) || (range.OneOf is { } set && !set.Contains(number)))
                {
                    errors.Add((path, "Invalid field."));
                }
                return;
            case Obj obj:
                CheckObject((JsonObject)value, obj.Fields, path + ".", errors);
                return;
            case Arr arr:
                var array = (JsonArray)value;
                if (arr.MaxItems is { } maxItems && array.Count > maxItems)
                {
                    errors.Add((path, $"Invalid field: at most {maxItems} items."));
                }
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], arr.Items, $"{path}[{i}]", errors);
                }
                return;
        }
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ssZ</c> is UTC; <c>yyyy-MM-ddTHH:mm:ss</c> is local to <paramref name="timezone"/>.
    /// Returns the UTC instant, or null when the text is neither.
    /// </summary>
    public static DateTimeOffset? ParseStart(string text, string timezone)
    {
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            return utc;
        }
        if (DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var zone = ZoomTimeZones.Find(timezone);
            // A local time in a daylight-saving gap does not exist; like a wall clock, move it forward.
            var wall = DateTime.SpecifyKind(zone.IsInvalidTime(local) ? local.AddHours(1) : local, DateTimeKind.Unspecified);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wall, zone), TimeSpan.Zero);
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9@\\-_*!#$%^&+=.]+$")]
    private static partial Regex PasscodeCharacters();

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")]
    private static partial Regex EmailShape();
}
