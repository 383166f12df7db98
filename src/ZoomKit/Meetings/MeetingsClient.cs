using System.Globalization;
using System.Runtime.CompilerServices;
using ZoomKit.Http;
using ZoomKit.Http.Internal;
using ZoomKit.Meetings.Internal;

namespace ZoomKit.Meetings;

/// <summary>Options of <see cref="MeetingsClient.DeleteAsync"/>.</summary>
public sealed class MeetingDeleteOptions
{
    /// <summary>Delete only this occurrence of a recurring meeting.</summary>
    public string? OccurrenceId { get; set; }
    /// <summary>Email the host and alternative hosts about the cancellation.</summary>
    public bool? ScheduleForReminder { get; set; }
    /// <summary>Email the registrants about the cancellation.</summary>
    public bool? CancelMeetingReminder { get; set; }
}

/// <summary>A connection's meetings: create, read, list, change, delete. Requests are checked against Zoom's rules before anything is sent.</summary>
public sealed class MeetingsClient
{
    private readonly ZoomApiCaller _api;

    internal MeetingsClient(ZoomApiCaller api) => _api = api;

    /// <summary>Creates a meeting for <paramref name="userId"/> (default <c>me</c>).</summary>
    /// <exception cref="ZoomValidationException">The request breaks Zoom's rules; nothing was sent.</exception>
    /// <exception cref="ZoomOutcomeUnknownException">The answer was lost; the meeting may exist. It is never re-sent.</exception>
    public Task<Meeting> CreateAsync(MeetingCreateRequest request, string userId = "me", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        MeetingRequestValidator.ThrowIfInvalid(request, isCreate: true);
        var content = ZoomApiCaller.Json(request, ZoomJsonContext.Default.MeetingCreateRequest);
        return _api.SendAsync(ZoomOperation.CreateMeeting, HttpMethod.Post, $"users/{Uri.EscapeDataString(userId)}/meetings", content, ZoomJsonContext.Default.Meeting, cancellationToken);
    }

    /// <summary>Reads a meeting, or one occurrence of it.</summary>
    public Task<Meeting> GetAsync(long meetingId, string? occurrenceId = null, bool? showPreviousOccurrences = null, CancellationToken cancellationToken = default)
    {
        var path = Query($"meetings/{meetingId.ToString(CultureInfo.InvariantCulture)}", ("occurrence_id", occurrenceId), ("show_previous_occurrences", Bool(showPreviousOccurrences)));
        return _api.SendAsync(ZoomOperation.GetMeeting, HttpMethod.Get, path, null, ZoomJsonContext.Default.Meeting, cancellationToken);
    }

    /// <summary>Reads a meeting by its number or its UUID (a UUID that starts with '/' or holds '//' is double-encoded, as Zoom requires).</summary>
    public Task<Meeting> GetAsync(string meetingIdOrUuid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(meetingIdOrUuid);
        return _api.SendAsync(ZoomOperation.GetMeeting, HttpMethod.Get, $"meetings/{ZoomPaths.MeetingId(meetingIdOrUuid)}", null, ZoomJsonContext.Default.Meeting, cancellationToken);
    }

    /// <summary>One page of a user's meetings.</summary>
    public Task<MeetingListPage> ListAsync(MeetingListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MeetingListOptions();
        var errors = new List<ZoomFieldError>();
        if (options.Type is { } type && !MeetingListType.All.Contains(type))
        {
            errors.Add(new("type", $"one of {string.Join(", ", MeetingListType.All)}"));
        }
        if (options.PageSize is { } size && size is < 1 or > 300)
        {
            errors.Add(new("page_size", "between 1 and 300"));
        }
        if (options.Timezone is { Length: > 0 } zone && !ZoomTimeZones.IsSupported(zone))
        {
            errors.Add(new("timezone", "a time zone from Zoom's list"));
        }
        if (errors.Count > 0)
        {
            throw new ZoomValidationException(errors);
        }
        var path = Query($"users/{Uri.EscapeDataString(options.UserId)}/meetings",
            ("type", options.Type),
            ("page_size", options.PageSize?.ToString(CultureInfo.InvariantCulture)),
            ("next_page_token", options.NextPageToken),
            ("from", options.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("to", options.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("timezone", options.Timezone));
        return _api.SendAsync(ZoomOperation.ListMeetings, HttpMethod.Get, path, null, ZoomJsonContext.Default.MeetingListPage, cancellationToken);
    }

    /// <summary>Every meeting that matches, page after page, following <c>next_page_token</c>; one page in memory at a time.</summary>
    public async IAsyncEnumerable<MeetingSummary> ListAllAsync(MeetingListOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var template = options ?? new MeetingListOptions();
        var token = template.NextPageToken;
        do
        {
            var page = await ListAsync(new MeetingListOptions
            {
                UserId = template.UserId,
                Type = template.Type,
                PageSize = template.PageSize ?? 300,
                NextPageToken = token,
                From = template.From,
                To = template.To,
                Timezone = template.Timezone,
            }, cancellationToken);
            foreach (var meeting in page.Meetings)
            {
                yield return meeting;
            }
            // Zoom ends the list with an empty token.
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Changes a meeting, or one occurrence of it: only the fields set in <paramref name="request"/> are sent.</summary>
    /// <exception cref="ZoomValidationException">The request breaks Zoom's rules; nothing was sent.</exception>
    public Task UpdateAsync(long meetingId, MeetingUpdateRequest request, string? occurrenceId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        MeetingRequestValidator.ThrowIfInvalid(request, isCreate: false);
        var content = ZoomApiCaller.Json(request, ZoomJsonContext.Default.MeetingUpdateRequest);
        var path = Query($"meetings/{meetingId.ToString(CultureInfo.InvariantCulture)}", ("occurrence_id", occurrenceId));
        return _api.SendAsync(ZoomOperation.UpdateMeeting, HttpMethod.Patch, path, content, cancellationToken);
    }

    /// <summary>Deletes a meeting, or one occurrence of it.</summary>
    public Task DeleteAsync(long meetingId, MeetingDeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = Query($"meetings/{meetingId.ToString(CultureInfo.InvariantCulture)}",
            ("occurrence_id", options?.OccurrenceId),
            ("schedule_for_reminder", Bool(options?.ScheduleForReminder)),
            ("cancel_meeting_reminder", Bool(options?.CancelMeetingReminder)));
        return _api.SendAsync(ZoomOperation.DeleteMeeting, HttpMethod.Delete, path, null, cancellationToken);
    }

    private static string? Bool(bool? value) => value is null ? null : value.Value ? "true" : "false";

    private static string Query(string path, params (string Name, string? Value)[] parameters) => ZoomApiCaller.Query(path, parameters);
}

/// <summary>Path rules of Zoom's API.</summary>
public static class ZoomPaths
{
    /// <summary>
    /// A meeting id or UUID for a path segment. Zoom requires a UUID that starts with '/' or holds
    /// '//' to be URL-encoded twice (Meetings.json, meetingId).
    /// </summary>
    public static string MeetingId(string meetingIdOrUuid)
    {
        ArgumentException.ThrowIfNullOrEmpty(meetingIdOrUuid);
        var once = Uri.EscapeDataString(meetingIdOrUuid);
        return meetingIdOrUuid.StartsWith('/') || meetingIdOrUuid.Contains("//", StringComparison.Ordinal) ? Uri.EscapeDataString(once) : once;
    }
}
