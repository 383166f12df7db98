using System.Globalization;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Meetings;

/// <summary>
/// The meeting document: built from a create body with Zoom's defaults, merged with an update,
/// changed for one occurrence, and presented as <c>GET /meetings/{id}</c> and the list show it.
/// </summary>
internal static class MeetingDocument
{
    private static readonly TimeSpan StartUrlLifetime = TimeSpan.FromHours(2);

    public static StoredMeeting Build(JsonObject request, EmulatorUser host, DateTimeOffset now, string baseUrl)
    {
        var id = Ids.MeetingId();
        var type = request["type"]?.GetValue<int>() ?? 2;
        var timezone = request["timezone"]?.GetValue<string>() is { Length: > 0 } zone ? zone : host.Timezone;
        var password = request["password"]?.GetValue<string>() is { Length: > 0 } given
            ? given
            : request["default_password"]?.GetValue<bool>() == false ? "" : Ids.Passcode();
        var body = new JsonObject
        {
            ["uuid"] = Ids.MeetingUuid(),
            ["id"] = id,
            ["host_id"] = host.Id,
            ["host_email"] = host.Email,
            ["topic"] = request["topic"]?.GetValue<string>() is { Length: > 0 } topic ? topic : "Zoom Meeting",
            ["type"] = type,
            ["status"] = "waiting",
            ["duration"] = request["duration"]?.GetValue<int>() ?? 60,
            ["timezone"] = timezone,
            ["agenda"] = request["agenda"]?.GetValue<string>() ?? "",
            ["created_at"] = Utc(now),
            ["join_url"] = "",
            ["password"] = password,
            ["h323_password"] = password.Length == 0 ? "" : Ids.Digits(6),
            ["pstn_password"] = password.Length == 0 ? "" : Ids.Digits(6),
            ["encrypted_password"] = password.Length == 0 ? "" : Ids.Alnum(32),
            ["pre_schedule"] = request["pre_schedule"]?.GetValue<bool>() ?? false,
            ["settings"] = Merge(DefaultSettings(), request["settings"] as JsonObject),
        };
        if (type != 3)
        {
            var start = request["start_time"]?.GetValue<string>() is { Length: > 0 } text ? MeetingValidator.ParseStart(text, timezone)!.Value : now;
            body["start_time"] = Utc(type == 1 ? now : start);
        }
        if (type is 3 or 8 && request["recurrence"] is JsonObject recurrence)
        {
            body["recurrence"] = recurrence.DeepClone();
        }
        if (request["tracking_fields"] is JsonArray tracking)
        {
            body["tracking_fields"] = TrackingFields(tracking);
        }
        if (request["template_id"]?.GetValue<string>() is { Length: > 0 } template)
        {
            body["template_id"] = template;
        }
        var pwd = body["encrypted_password"]!.GetValue<string>();
        body["join_url"] = $"{baseUrl}/j/{id}" + (pwd.Length > 0 ? $"?pwd={pwd}" : "");
        return new StoredMeeting { Id = id, Uuid = body["uuid"]!.GetValue<string>(), HostId = host.Id, Body = body, CreatedAt = now };
    }

    public static JsonObject Merge(JsonObject current, JsonObject patch, EmulatorUser host)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var (name, value) in patch)
        {
            switch (name)
            {
                case "settings":
                    merged["settings"] = Merge((JsonObject)merged["settings"]!, value as JsonObject);
                    break;
                case "tracking_fields":
                    merged[name] = value is JsonArray tracking ? TrackingFields(tracking) : null;
                    break;
                case "topic" or "agenda" or "duration" or "type" or "timezone" or "password" or "pre_schedule" or "recurrence" or "template_id":
                    merged[name] = value?.DeepClone();
                    break;
            }
        }
        var timezone = merged["timezone"]?.GetValue<string>() ?? host.Timezone;
        if (patch["start_time"]?.GetValue<string>() is { Length: > 0 } start)
        {
            merged["start_time"] = Utc(MeetingValidator.ParseStart(start, timezone)!.Value);
        }
        if (patch.ContainsKey("password"))
        {
            var pwd = merged["password"]?.GetValue<string>() ?? "";
            merged["encrypted_password"] = pwd.Length == 0 ? "" : Ids.Alnum(32);
            var join = merged["join_url"]!.GetValue<string>();
            merged["join_url"] = join.Split('?')[0] + (pwd.Length == 0 ? "" : "?pwd=" + merged["encrypted_password"]!.GetValue<string>());
        }
        return merged;
    }

    private static JsonObject Merge(JsonObject current, JsonObject? patch)
    {
        if (patch is null)
        {
            return current;
        }
        foreach (var (name, value) in patch)
        {
            if (value is JsonObject nested && current[name] is JsonObject existing)
            {
                current[name] = Merge((JsonObject)existing.DeepClone(), nested);
            }
            else
            {
                current[name] = value?.DeepClone();
            }
        }
        return current;
    }

    public static void ApplyToOccurrence(StoredMeeting meeting, string occurrenceId, JsonObject patch)
    {
        var overrides = meeting.Body["occurrence_overrides"] as JsonObject ?? [];
        overrides[occurrenceId] = new JsonObject
        {
            ["start_time"] = patch["start_time"]?.GetValue<string>() is { } start ? Utc(MeetingValidator.ParseStart(start, meeting.Body["timezone"]!.GetValue<string>())!.Value) : null,
            ["duration"] = patch["duration"]?.DeepClone(),
        };
        meeting.Body["occurrence_overrides"] = overrides;
    }

    /// <summary>The meeting as <c>GET /meetings/{id}</c> returns it: occurrences computed, a fresh start_url.</summary>
    public static JsonObject Present(EmulatorState state, StoredMeeting meeting, DateTimeOffset now, string baseUrl, bool showPrevious)
    {
        var body = (JsonObject)meeting.Body.DeepClone();
        body.Remove("occurrence_overrides");
        var zak = Ids.Token("zak_");
        lock (state.Gate)
        {
            state.Purge(now);
            state.StartTokens[zak] = (meeting.Id, now + StartUrlLifetime);
        }
        body["start_url"] = $"{baseUrl}/s/{meeting.Id}?zak={zak}";
        if (meeting.Type == 8)
        {
            body["occurrences"] = new JsonArray(MeetingRecurrence.Occurrences(meeting)
                .Where(o => showPrevious || o.Start.AddMinutes(o.Duration) > now)
                .Select(o => (JsonNode)new JsonObject
                {
                    ["occurrence_id"] = o.Id,
                    ["start_time"] = Utc(o.Start),
                    ["duration"] = o.Duration,
                    ["status"] = "available",
                }).ToArray());
        }
        return body;
    }

    public static JsonObject ListItem(StoredMeeting meeting)
    {
        var body = meeting.Body;
        var agenda = body["agenda"]?.GetValue<string>() ?? "";
        var item = new JsonObject
        {
            ["uuid"] = meeting.Uuid,
            ["id"] = meeting.Id,
            ["host_id"] = meeting.HostId,
            ["topic"] = body["topic"]?.DeepClone(),
            ["type"] = meeting.Type,
            ["duration"] = meeting.Duration,
            ["timezone"] = body["timezone"]?.DeepClone(),
            // Zoom truncates the agenda to 250 characters in lists.
            ["agenda"] = agenda.Length > 250 ? agenda[..250] : agenda,
            ["created_at"] = body["created_at"]?.DeepClone(),
            ["join_url"] = body["join_url"]?.DeepClone(),
        };
        if (body["start_time"] is { } start)
        {
            item["start_time"] = start.DeepClone();
        }
        return item;
    }

    private static JsonObject DefaultSettings() => new()
    {
        ["host_video"] = false,
        ["participant_video"] = false,
        ["cn_meeting"] = false,
        ["in_meeting"] = false,
        ["join_before_host"] = false,
        ["jbh_time"] = 0,
        ["mute_upon_entry"] = false,
        ["watermark"] = false,
        ["use_pmi"] = false,
        ["approval_type"] = 2,
        ["audio"] = "both",
        ["auto_recording"] = "none",
        ["enforce_login"] = false,
        ["enforce_login_domains"] = "",
        ["alternative_hosts"] = "",
        ["alternative_host_update_polls"] = false,
        ["close_registration"] = false,
        ["show_share_button"] = false,
        ["allow_multiple_devices"] = false,
        ["registrants_confirmation_email"] = true,
        ["waiting_room"] = false,
        ["request_permission_to_unmute_participants"] = false,
        ["registrants_email_notification"] = true,
        ["meeting_authentication"] = false,
        ["encryption_type"] = "enhanced_encryption",
        ["approved_or_denied_countries_or_regions"] = new JsonObject { ["enable"] = false },
        ["breakout_room"] = new JsonObject { ["enable"] = false },
        ["internal_meeting"] = false,
        ["continuous_meeting_chat"] = new JsonObject { ["enable"] = false, ["auto_add_invited_external_users"] = false, ["auto_add_meeting_participants"] = false },
        ["participant_focused_meeting"] = false,
        ["push_change_to_calendar"] = false,
        ["resources"] = new JsonArray(),
        ["alternative_hosts_email_notification"] = true,
        ["show_join_info"] = false,
        ["device_testing"] = false,
        ["focus_mode"] = false,
        ["private_meeting"] = false,
        ["email_notification"] = true,
        ["host_save_video_order"] = false,
        ["sign_language_interpretation"] = new JsonObject { ["enable"] = false },
        ["email_in_attendee_report"] = false,
    };

    // Zoom answers each tracking field with "visible" added.
    private static JsonArray TrackingFields(JsonArray sent) => new(sent.Select(t => (JsonNode)new JsonObject
    {
        ["field"] = t?["field"]?.DeepClone(),
        ["value"] = t?["value"]?.DeepClone(),
        ["visible"] = true,
    }).ToArray());

    public static string Utc(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
