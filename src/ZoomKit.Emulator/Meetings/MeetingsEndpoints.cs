using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Webhooks;

namespace ZoomKit.Emulator.Meetings;

/// <summary>The Meetings API over HTTP: create and list under a user, get, update and delete by id (or one occurrence). Rules live in the document, recurrence and validator types.</summary>
internal static class MeetingsEndpoints
{
    private static readonly string[] ReadScopes = ["meeting:read", "meeting:read:admin", "meeting:read:meeting", "meeting:read:meeting:admin"];
    private static readonly string[] ListScopes = ["meeting:read", "meeting:read:admin", "meeting:read:list_meetings", "meeting:read:list_meetings:admin"];
    private static readonly string[] WriteScopes = ["meeting:write", "meeting:write:admin", "meeting:write:meeting", "meeting:write:meeting:admin"];
    private static readonly string[] UpdateScopes = ["meeting:write", "meeting:write:admin", "meeting:update:meeting", "meeting:update:meeting:admin"];
    private static readonly string[] DeleteScopes = ["meeting:write", "meeting:write:admin", "meeting:delete:meeting", "meeting:delete:meeting:admin"];
    private static readonly string[] ListTypes = ["scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"];
    private static readonly TimeSpan PageTokenLifetime = TimeSpan.FromMinutes(15);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v2/users/{userId}/meetings", CreateAsync).DisableAntiforgery();
        routes.MapGet("/v2/users/{userId}/meetings", List);
        routes.MapGet("/v2/meetings/{meetingId}", Get);
        routes.MapMethods("/v2/meetings/{meetingId}", ["PATCH"], UpdateAsync).DisableAntiforgery();
        routes.MapDelete("/v2/meetings/{meetingId}", Delete);
        MeetingPages.Map(routes);
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
        var meeting = MeetingDocument.Build(body!, host, now, BaseUrl(context));
        lock (state.Gate)
        {
            state.Meetings[meeting.Id] = meeting;
            state.PlaceInHostList(meeting);
        }
        webhooks.MeetingCreated(host, meeting.Body, now);
        return ApiResults.Json(MeetingDocument.Present(state, meeting, now, BaseUrl(context), showPrevious: true), 201);
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
            // The lists are the host's as they were at the first page, as a cursor over them: later pages
            // neither repeat nor skip. They are kept in order: no sort, no copy, and only what can match is looked at.
            var asked = new MeetingQuery(type, from, to, now);
            List<StoredMeeting> page;
            ListingPosition position;
            int total, given;
            if (!string.IsNullOrEmpty(token))
            {
                if (!state.PageCursors.TryGetValue(token, out var cursor) || cursor.ExpiresAt <= now || cursor.HostId != host.Id || cursor.QueryKey != queryKey || cursor.Listing is null)
                {
                    return ApiResults.Error(400, 300, "The next page token is invalid or expired.");
                }
                state.PageCursors.Remove(token);
                (page, position) = MeetingListing.Take(state, cursor.Listing, asked, pageSize);
                (total, given) = (cursor.Total, cursor.Given + page.Count);
            }
            else
            {
                (page, total, position) = MeetingListing.First(state, state.MeetingsByHost.GetValueOrDefault(host.Id) ?? new HostMeetings(), asked, pageSize);
                given = page.Count;
            }
            var next = "";
            if (given < total && (position.TimedNext < position.Timed.Count || position.SeriesNext < position.Series.Count))
            {
                next = Ids.Alnum(32);
                state.Purge(now);
                state.PageCursors[next] = new PageCursor(host.Id, queryKey, given, total, position, now + PageTokenLifetime);
            }
            return ApiResults.Json(new JsonObject
            {
                ["page_size"] = pageSize,
                ["total_records"] = total,
                ["next_page_token"] = next,
                ["meetings"] = new JsonArray([.. page.Select(m => (JsonNode)MeetingDocument.ListItem(m))]),
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
        if (context.Request.Query["occurrence_id"].FirstOrDefault() is { Length: > 0 } occurrence && !MeetingRecurrence.HasOccurrence(meeting, occurrence))
        {
            return ApiResults.Error(400, 300, "Invalid parameter: occurrence_id.");
        }
        var showPrevious = context.Request.Query["show_previous_occurrences"] == "true";
        lock (state.Gate)
        {
            return ApiResults.Json(MeetingDocument.Present(state, meeting, now, BaseUrl(context), showPrevious));
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
        if (!string.IsNullOrEmpty(occurrence) && !MeetingRecurrence.HasOccurrence(meeting, occurrence))
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
                MeetingDocument.ApplyToOccurrence(meeting, occurrence, body!);
            }
            else
            {
                meeting.Body = MeetingDocument.Merge(meeting.Body, body!, state.UsersById[meeting.HostId]);
                state.PlaceInHostList(meeting);
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
                if (!MeetingRecurrence.HasOccurrence(meeting, occurrence))
                {
                    return ApiResults.Error(400, 300, "Invalid parameter: occurrence_id.");
                }
                meeting.DeletedOccurrences.Add(occurrence);
            }
            else
            {
                state.Meetings.Remove(meeting.Id);
                state.RemoveFromHostList(meeting);
            }
            deleted = (JsonObject)meeting.Body.DeepClone();
        }
        webhooks.MeetingDeleted(state.UsersById[meeting.HostId], deleted, occurrence, clock.UtcNow);
        return Results.NoContent();
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

    private static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";
}
