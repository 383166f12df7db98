using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Webhooks;

namespace ZoomKit.Emulator.Meetings;

/// <summary>The Meetings API: create and list under a user, get, update and delete by id.</summary>
internal static class MeetingsEndpoints
{
    private static readonly string[] ReadScopes = ["meeting:read", "meeting:read:admin", "meeting:read:meeting", "meeting:read:meeting:admin"];
    private static readonly string[] ListScopes = ["meeting:read", "meeting:read:admin", "meeting:read:list_meetings", "meeting:read:list_meetings:admin"];
    private static readonly string[] WriteScopes = ["meeting:write", "meeting:write:admin", "meeting:write:meeting", "meeting:write:meeting:admin"];
    private static readonly string[] UpdateScopes = ["meeting:write", "meeting:write:admin", "meeting:update:meeting", "meeting:update:meeting:admin"];
    private static readonly string[] DeleteScopes = ["meeting:write", "meeting:write:admin", "meeting:delete:meeting", "meeting:delete:meeting:admin"];
    private static readonly string[] ListTypes = ["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"];
    private static readonly TimeSpan StartUrlLifetime = TimeSpan.FromHours(2);
    private static readonly TimeSpan PageTokenLifetime = TimeSpan.FromMinutes(15);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v2/users/{userId}/meetings", CreateAsync).DisableAntiforgery();
        routes.MapGet("/v2/users/{userId}/meetings", List);
        routes.MapGet("/v2/meetings/{meetingId}", Get);
        routes.MapMethods("/v2/meetings/{meetingId}", ["PATCH"], UpdateAsync).DisableAntiforgery();
        routes.MapDelete("/v2/meetings/{meetingId}", Delete);
        routes.MapGet("/j/{meetingId}", Join);
        routes.MapGet("/s/{meetingId}", Start);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string userId, ApiGate gate, RateLimits limits, EmulatorState state, EmulatorClock clock, WebhookDispatcher webhooks)
    {
        if (gate.Admit(context, RateCategory.Light, WriteScopes, out var caller) is { } refused)
        {
            return refused;
        }
        if (ResolveHost(state, caller, userId, out var host) is { } hostError)
        {
            return hostError;
        }
        var (body, bodyError) = await ReadObjectAsync(context.Request);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var errors = MeetingValidator.Validate(body!, existing: null);
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }
        if (limits.TryCountMeetingWrite(host.Id, context.Response) is { } quota)
        {
            return quota;
        }
        var now = clock.UtcNow;
        var meeting = Build(body!, host, now, BaseUrl(context));
        lock (state.Gate)
        {
            state.Meetings[meeting.Id] = meeting;
            (state.MeetingsByHost.TryGetValue(host.Id, out var list) ? list : state.MeetingsByHost[host.Id] = []).Add(meeting.Id);
        }
        webhooks.MeetingCreated(host, meeting.Body, now);
        return ApiResults.Json(Present(state, meeting, now, BaseUrl(context), showPrevious: true), 201);
    }

    private static IResult List(HttpContext context, string userId, ApiGate gate, EmulatorState state, EmulatorClock clock)
    {
        if (gate.Admit(context, RateCategory.Medium, ListScopes, out var caller) is { } refused)
        {
            return refused;
        }
        if (ResolveHost(state, caller, userId, out var host) is { } hostError)
        {
            return hostError;
        }
        var query = context.Request.Query;
        var type = query["type"].FirstOrDefault() ?? "scheduled";
        if (!ListTypes.Contains(type))
        {
            return ApiResults.Validation([("type", "Invalid field.")]);
        }
        var pageSize = 30;
        if (query["page_size"].FirstOrDefault() is { } sizeText)
        {
            if (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1)
            {
                return ApiResults.Validation([("page_size", "Invalid field.")]);
            }
            // Zoom serves at most 300 a page.
            pageSize = Math.Min(pageSize, 300);
        }
        DateOnly? from = null, to = null;
        foreach (var (name, assign) in new (string, Action<DateOnly>)[] { ("from", d => from = d), ("to", d => to = d) })
        {
            if (query[name].FirstOrDefault() is { Length: > 0 } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return ApiResults.Validation([(name, "Invalid field: yyyy-MM-dd.")]);
                }
                assign(date);
            }
        }
        var now = clock.UtcNow;
        var queryKey = $"{type}|{from}|{to}";
        var token = query["next_page_token"].FirstOrDefault();
        lock (state.Gate)
        {
            long[] ids;
            var offset = 0;
            if (!string.IsNullOrEmpty(token))
            {
                if (!state.PageCursors.TryGetValue(token, out var cursor) || cursor.ExpiresAt <= now || cursor.HostId != host.Id || cursor.QueryKey != queryKey)
                {
                    return ApiResults.Error(400, 300, "The next page token is invalid or expired.");
                }
                state.PageCursors.Remove(token);
                (ids, offset) = (cursor.Ids, cursor.Offset);
            }
            else
            {
                // The result set is fixed at the first page, as a cursor over it: later pages neither repeat nor skip.
                ids = (state.MeetingsByHost.GetValueOrDefault(host.Id) ?? [])
                    .Select(id => state.Meetings[id])
                    .Where(m => Matches(m, type, from, to, now))
                    .OrderBy(m => m.StartTime ?? m.CreatedAt).ThenBy(m => m.Id)
                    .Select(m => m.Id).ToArray();
            }
            var page = new JsonArray();
            var end = Math.Min(ids.Length, offset + pageSize);
            for (var i = offset; i < end; i++)
            {
                if (state.Meetings.TryGetValue(ids[i], out var meeting))
                {
                    page.Add(ListItem(meeting));
                }
            }
            var next = "";
            if (end < ids.Length)
            {
                next = Ids.Alnum(32);
                state.PageCursors[next] = new PageCursor(host.Id, queryKey, ids, end, now + PageTokenLifetime);
            }
            return ApiResults.Json(new JsonObject
            {
                ["page_size"] = pageSize,
                ["total_records"] = ids.Length,
                ["next_page_token"] = next,
                ["meetings"] = page,
            });
        }
    }

    private static IResult Get(HttpContext context, string meetingId, ApiGate gate, EmulatorState state, EmulatorClock clock)
    {
        if (gate.Admit(context, RateCategory.Light, ReadScopes, out var caller) is { } refused)
        {
            return refused;
        }
        if (FindOwned(state, caller, meetingId, out var meeting) is { } missing)
        {
            return missing;
        }
        var now = clock.UtcNow;
        if (context.Request.Query["occurrence_id"].FirstOrDefault() is { Length: > 0 } occurrence && !HasOccurrence(meeting, occurrence))
        {
            return ApiResults.Error(400, 300, "Invalid parameter: occurrence_id.");
        }
        var showPrevious = context.Request.Query["show_previous_occurrences"] == "true";
        lock (state.Gate)
        {
            return ApiResults.Json(Present(state, meeting, now, BaseUrl(context), showPrevious));
        }
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string meetingId, ApiGate gate, RateLimits limits, EmulatorState state, EmulatorClock clock, WebhookDispatcher webhooks)
    {
        if (gate.Admit(context, RateCategory.Light, UpdateScopes, out var caller) is { } refused)
        {
            return refused;
        }
        if (FindOwned(state, caller, meetingId, out var meeting) is { } missing)
        {
            return missing;
        }
        var (body, bodyError) = await ReadObjectAsync(context.Request);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var occurrence = context.Request.Query["occurrence_id"].FirstOrDefault();
        if (!string.IsNullOrEmpty(occurrence) && !HasOccurrence(meeting, occurrence))
        {
            return ApiResults.Error(400, 300, "Invalid parameter: occurrence_id.");
        }
        JsonObject before;
        lock (state.Gate)
        {
            before = (JsonObject)meeting.Body.DeepClone();
        }
        var errors = MeetingValidator.Validate(body!, before);
        if (errors.Count > 0)
        {
            return ApiResults.Validation(errors);
        }
        if (limits.TryCountMeetingWrite(meeting.HostId, context.Response) is { } quota)
        {
            return quota;
        }
        var now = clock.UtcNow;
        JsonObject after;
        lock (state.Gate)
        {
            if (!string.IsNullOrEmpty(occurrence))
            {
                ApplyToOccurrence(meeting, occurrence, body!);
            }
            else
            {
                meeting.Body = Merge(meeting.Body, body!, state.UsersById[meeting.HostId]);
            }
            after = (JsonObject)meeting.Body.DeepClone();
        }
        webhooks.MeetingUpdated(state.UsersById[meeting.HostId], before, after, now);
        return Results.NoContent();
    }

    private static IResult Delete(HttpContext context, string meetingId, ApiGate gate, EmulatorState state, EmulatorClock clock, WebhookDispatcher webhooks)
    {
        if (gate.Admit(context, RateCategory.Light, DeleteScopes, out var caller) is { } refused)
        {
            return refused;
        }
        if (FindOwned(state, caller, meetingId, out var meeting) is { } missing)
        {
            return missing;
        }
        var occurrence = context.Request.Query["occurrence_id"].FirstOrDefault();
        JsonObject deleted;
        lock (state.Gate)
        {
            if (!string.IsNullOrEmpty(occurrence))
            {
                if (!HasOccurrence(meeting, occurrence))
                {
                    return ApiResults.Error(400, 300, "Invalid parameter: occurrence_id.");
                }
                meeting.DeletedOccurrences.Add(occurrence);
            }
            else
            {
                state.Meetings.Remove(meeting.Id);
                state.MeetingsByHost[meeting.HostId].Remove(meeting.Id);
            }
            deleted = (JsonObject)meeting.Body.DeepClone();
        }
        webhooks.MeetingDeleted(state.UsersById[meeting.HostId], deleted, occurrence, clock.UtcNow);
        return Results.NoContent();
    }

    private static IResult Join(string meetingId, EmulatorState state)
    {
        lock (state.Gate)
        {
            return long.TryParse(meetingId, out var id) && state.Meetings.TryGetValue(id, out var meeting)
                ? Pages.Html.Page("Joined", $"<h1>{Pages.Html.Encode(meeting.Body["topic"]?.GetValue<string>())}</h1><p>You joined meeting {id} in the Zoom emulator.</p>")
                : Pages.Html.Error("Meeting not found", "This meeting does not exist.", 404);
        }
    }

    private static IResult Start(HttpContext context, string meetingId, EmulatorState state, EmulatorClock clock)
    {
        var zak = context.Request.Query["zak"].ToString();
        lock (state.Gate)
        {
            if (!long.TryParse(meetingId, out var id) || !state.Meetings.TryGetValue(id, out var meeting)
                || !state.StartTokens.TryGetValue(zak, out var start) || start.MeetingId != id || start.ExpiresAt <= clock.UtcNow)
            {
                return Pages.Html.Error("Start link expired", "This start link is not valid or has expired (they last 2 hours). Open the meeting from your app again.", 403);
            }
            meeting.Body["status"] = "started";
            return Pages.Html.Page("Started", $"<h1>{Pages.Html.Encode(meeting.Body["topic"]?.GetValue<string>())}</h1><p>You started meeting {id} as its host in the Zoom emulator.</p>");
        }
    }

    private static IResult? ResolveHost(EmulatorState state, ApiCaller caller, string userId, out EmulatorUser host)
    {
        lock (state.Gate)
        {
            host = userId == "me" ? caller.User : state.FindUser(userId)!;
        }
        if (host is null || host.AccountId != caller.User.AccountId)
        {
            return ApiResults.Error(404, 1001, $"User does not exist: {userId}.");
        }
        if (host.Id != caller.User.Id && !caller.Token.ServerToServer)
        {
            return ApiResults.Error(400, 3000, "Cannot access or schedule meetings for another user with a user-level app.");
        }
        return null;
    }

    private static IResult? FindOwned(EmulatorState state, ApiCaller caller, string meetingId, out StoredMeeting meeting)
    {
        lock (state.Gate)
        {
            meeting = (long.TryParse(meetingId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? state.Meetings.GetValueOrDefault(id) : null)!;
            var owner = meeting is null ? null : state.UsersById[meeting.HostId];
            // Another user's meeting is answered exactly like a missing one: nothing leaks.
            if (meeting is null || (owner!.Id != caller.User.Id && !(caller.Token.ServerToServer && owner.AccountId == caller.User.AccountId)))
            {
                return ApiResults.Error(404, 3001, $"Meeting does not exist: {meetingId}.");
            }
            return null;
        }
    }

    private static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body);
            return node is JsonObject body ? (body, null) : (null, ApiResults.Error(400, 300, "Request Body should be a valid JSON object."));
        }
        catch (JsonException)
        {
            return (null, ApiResults.Error(400, 300, "Request Body should be a valid JSON object."));
        }
    }

    private static StoredMeeting Build(JsonObject request, EmulatorUser host, DateTimeOffset now, string baseUrl)
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
            body["tracking_fields"] = new JsonArray(tracking.Select(t => (JsonNode)new JsonObject
            {
                ["field"] = t?["field"]?.DeepClone(),
                ["value"] = t?["value"]?.DeepClone(),
                ["visible"] = true,
            }).ToArray());
        }
        var pwd = body["encrypted_password"]!.GetValue<string>();
        body["join_url"] = $"{baseUrl}/j/{id}" + (pwd.Length > 0 ? $"?pwd={pwd}" : "");
        return new StoredMeeting { Id = id, Uuid = body["uuid"]!.GetValue<string>(), HostId = host.Id, Body = body, CreatedAt = now };
    }

    private static JsonObject Merge(JsonObject current, JsonObject patch, EmulatorUser host)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var (name, value) in patch)
        {
            switch (name)
            {
                case "settings":
                    merged["settings"] = Merge((JsonObject)merged["settings"]!, value as JsonObject);
                    break;
                case "topic" or "agenda" or "duration" or "type" or "timezone" or "password" or "pre_schedule" or "recurrence" or "tracking_fields":
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

    private static void ApplyToOccurrence(StoredMeeting meeting, string occurrenceId, JsonObject patch)
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
    private static JsonObject Present(EmulatorState state, StoredMeeting meeting, DateTimeOffset now, string baseUrl, bool showPrevious)
    {
        var body = (JsonObject)meeting.Body.DeepClone();
        body.Remove("occurrence_overrides");
        var zak = Ids.Token("zak_");
        lock (state.Gate)
        {
            state.StartTokens[zak] = (meeting.Id, now + StartUrlLifetime);
        }
        body["start_url"] = $"{baseUrl}/s/{meeting.Id}?zak={zak}";
        if (meeting.Type == 8)
        {
            body["occurrences"] = new JsonArray(Occurrences(meeting)
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

    private static JsonObject ListItem(StoredMeeting meeting)
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

    private static bool Matches(StoredMeeting meeting, string type, DateOnly? from, DateOnly? to, DateTimeOffset now)
    {
        var start = meeting.Type == 8 ? Occurrences(meeting).Select(o => (DateTimeOffset?)o.Start).FirstOrDefault(s => s!.Value.AddMinutes(meeting.Duration) > now) ?? meeting.StartTime : meeting.StartTime;
        var ended = meeting.Type != 3 && start is { } s && s.AddMinutes(meeting.Duration) <= now;
        var day = start is { } d ? DateOnly.FromDateTime(d.UtcDateTime) : (DateOnly?)null;
        if ((from is not null && (day is null || day < from)) || (to is not null && (day is null || day > to)))
        {
            return false;
        }
        return type switch
        {
            "live" => meeting.Body["status"]?.GetValue<string>() == "started",
            "previous_meetings" => ended,
            "upcoming" or "upcoming_meetings" => meeting.Type == 3 || (start is { } u && u >= now),
            _ => meeting.Type != 1 && !ended,
        };
    }

    private static bool HasOccurrence(StoredMeeting meeting, string occurrenceId) =>
        meeting.Type == 8 && Occurrences(meeting).Any(o => o.Id == occurrenceId);

    private static IEnumerable<(string Id, DateTimeOffset Start, int Duration)> Occurrences(StoredMeeting meeting)
    {
        if (meeting.Body["recurrence"] is not JsonObject recurrence || meeting.StartTime is not { } first)
        {
            yield break;
        }
        var kind = recurrence["type"]?.GetValue<int>() ?? 1;
        var interval = Math.Max(1, recurrence["repeat_interval"]?.GetValue<int>() ?? 1);
        var endTimes = recurrence["end_times"]?.GetValue<int>();
        var endDate = recurrence["end_date_time"]?.GetValue<string>() is { } e ? MeetingValidator.ParseStart(e, "UTC") : null;
        var limit = endDate is null ? endTimes ?? 1 : 60;
        var zone = ZoomTimeZones.Find(meeting.Body["timezone"]?.GetValue<string>() ?? "UTC");
        var localFirst = TimeZoneInfo.ConvertTime(first, zone);
        var weekly = (recurrence["weekly_days"]?.GetValue<string>() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => (DayOfWeek)(int.Parse(d, CultureInfo.InvariantCulture) - 1)).ToHashSet();
        var overrides = meeting.Body["occurrence_overrides"] as JsonObject;
        var count = 0;
        for (var step = 0; count < limit && step < 5000; step++)
        {
            DateTime local;
            switch (kind)
            {
                case 1:
                    local = localFirst.DateTime.AddDays(step * interval);
                    break;
                case 2:
                    var day = localFirst.DateTime.Date.AddDays(step);
                    var week = (int)((day - localFirst.DateTime.Date).TotalDays / 7);
                    if (week % interval != 0 || (weekly.Count > 0 ? !weekly.Contains(day.DayOfWeek) : day.DayOfWeek != localFirst.DayOfWeek))
                    {
                        continue;
                    }
                    local = day + localFirst.TimeOfDay;
                    break;
                default:
                    local = localFirst.DateTime.AddMonths(step * interval);
                    if (recurrence["monthly_day"]?.GetValue<int>() is { } monthDay)
                    {
                        local = new DateTime(local.Year, local.Month, Math.Min(monthDay, DateTime.DaysInMonth(local.Year, local.Month))) + localFirst.TimeOfDay;
                    }
                    break;
            }
            var utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone), TimeSpan.Zero);
            if (utc < first || (endDate is { } until && utc > until))
            {
                if (endDate is { } stop && utc > stop)
                {
                    yield break;
                }
                continue;
            }
            count++;
            var id = utc.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            if (meeting.DeletedOccurrences.Contains(id))
            {
                continue;
            }
            var over = overrides?[id] as JsonObject;
            var start = over?["start_time"]?.GetValue<string>() is { } moved ? MeetingValidator.ParseStart(moved, "UTC")!.Value : utc;
            yield return (id, start, over?["duration"]?.GetValue<int>() ?? meeting.Duration);
        }
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

    private static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    public static string Utc(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
