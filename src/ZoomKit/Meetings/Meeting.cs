using System.Text.Json.Serialization;

namespace ZoomKit.Meetings;

/// <summary>
/// A meeting as Zoom returns it. <see cref="StartUrl"/> lets anyone start the meeting as its host:
/// show it to nobody but the host and never log it (this type's <see cref="object.ToString"/> omits it).
/// </summary>
public sealed class Meeting
{
    /// <summary>The meeting number (int64; may exceed 10 digits).</summary>
    public long Id { get; set; }
    /// <summary>The meeting UUID of this instance.</summary>
    public string? Uuid { get; set; }
    /// <summary>The host's user id.</summary>
    public string? HostId { get; set; }
    /// <summary>The host's email.</summary>
    public string? HostEmail { get; set; }
    /// <summary>The scheduler's user id, when someone scheduled for the host.</summary>
    public string? AssistantId { get; set; }
    /// <summary>The topic.</summary>
    public string? Topic { get; set; }
    /// <summary>The type.</summary>
    public MeetingType Type { get; set; }
    /// <summary><c>waiting</c> or <c>started</c>.</summary>
    public string? Status { get; set; }
    /// <summary>When it starts (Zoom answers in UTC); null for recurring meetings without fixed time.</summary>
    public DateTimeOffset? StartTime { get; set; }
    /// <summary>Minutes.</summary>
    public int? Duration { get; set; }
    /// <summary>The IANA time zone of the meeting.</summary>
    public string? Timezone { get; set; }
    /// <summary>The agenda (truncated to 250 characters in lists).</summary>
    public string? Agenda { get; set; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }
    /// <summary>The host's start link; expires after 2 hours. Never show it to anyone else, never log it.</summary>
    public string? StartUrl { get; set; }
    /// <summary>The participants' join link.</summary>
    public string? JoinUrl { get; set; }
    /// <summary>The link for the meeting's chat.</summary>
    public string? ChatJoinUrl { get; set; }
    /// <summary>The registration link, for meetings with registration.</summary>
    public string? RegistrationUrl { get; set; }
    /// <summary>The passcode.</summary>
    public string? Password { get; set; }
    /// <summary>The passcode for H.323 and SIP room systems.</summary>
    public string? H323Password { get; set; }
    /// <summary>The passcode for telephone participants.</summary>
    public string? PstnPassword { get; set; }
    /// <summary>The encrypted passcode carried in <see cref="JoinUrl"/>.</summary>
    public string? EncryptedPassword { get; set; }
    /// <summary>The personal meeting ID, when the meeting uses it.</summary>
    public string? Pmi { get; set; }
    /// <summary>Whether the meeting was pre-scheduled for a host.</summary>
    public bool? PreSchedule { get; set; }
    /// <summary>The template it was created from.</summary>
    public string? TemplateId { get; set; }
    /// <summary>The host key of this meeting, when dynamic host keys are on.</summary>
    public string? DynamicHostKey { get; set; }
    /// <summary>Where it was created (<c>open_api</c>, <c>zoom_web</c>, …).</summary>
    public string? CreationSource { get; set; }
    /// <summary>The settings.</summary>
    public MeetingSettings? Settings { get; set; }
    /// <summary>The recurrence, for recurring meetings.</summary>
    public Recurrence? Recurrence { get; set; }
    /// <summary>The occurrences of a recurring meeting with fixed time.</summary>
    public IList<MeetingOccurrence>? Occurrences { get; set; }
    /// <summary>The tracking fields.</summary>
    public IList<TrackingField>? TrackingFields { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"Meeting {{ Id = {Id}, Topic = {Topic}, Type = {Type}, StartTime = {StartTime:O} }}";
}

/// <summary>One occurrence of a recurring meeting.</summary>
public sealed class MeetingOccurrence
{
    /// <summary>Its id, for <c>occurrence_id</c>.</summary>
    public string? OccurrenceId { get; set; }
    /// <summary>When it starts.</summary>
    public DateTimeOffset? StartTime { get; set; }
    /// <summary>Minutes.</summary>
    public int? Duration { get; set; }
    /// <summary><c>available</c> or <c>deleted</c>.</summary>
    public string? Status { get; set; }
}

/// <summary>A tracking field of the account, with its value for the meeting.</summary>
public sealed class TrackingField
{
    /// <summary>The field's name.</summary>
    public string? Field { get; set; }
    /// <summary>The value.</summary>
    public string? Value { get; set; }
    /// <summary>Whether participants see it. Zoom sets it; it is read, never sent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)]
    public bool? Visible { get; set; }
}

/// <summary>How a meeting recurs (<c>type</c> 3 or 8).</summary>
public sealed class Recurrence
{
    /// <summary>Daily, weekly or monthly.</summary>
    public RecurrenceType Type { get; set; }
    /// <summary>Every N days (at most 99), weeks (50) or months (10).</summary>
    public int? RepeatInterval { get; set; }
    /// <summary>Days of the week, "1" (Sunday) to "7", comma-separated: <c>"2,4"</c> is Monday and Wednesday.</summary>
    public string? WeeklyDays { get; set; }
    /// <summary>Day of the month, 1 to 31.</summary>
    public int? MonthlyDay { get; set; }
    /// <summary>Week of the month: -1 (last), 1 to 4; with <see cref="MonthlyWeekDay"/>.</summary>
    public int? MonthlyWeek { get; set; }
    /// <summary>Day of that week, 1 (Sunday) to 7.</summary>
    public int? MonthlyWeekDay { get; set; }
    /// <summary>How many times (at most 60); not with <see cref="EndDateTime"/>.</summary>
    public int? EndTimes { get; set; }
    /// <summary>The last date (sent in UTC); not with <see cref="EndTimes"/>.</summary>
    public DateTimeOffset? EndDateTime { get; set; }

    /// <summary>Builds <see cref="WeeklyDays"/> from days of the week.</summary>
    public static string Days(params DayOfWeek[] days) =>
        string.Join(',', days.Distinct().Order().Select(d => ((int)d + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>One page of <c>GET /users/{userId}/meetings</c>.</summary>
public sealed class MeetingListPage
{
    /// <summary>The page size served.</summary>
    public int PageSize { get; set; }
    /// <summary>How many meetings match, over every page.</summary>
    public int TotalRecords { get; set; }
    /// <summary>The token of the next page; empty on the last one. Expires after 15 minutes.</summary>
    public string? NextPageToken { get; set; }
    /// <summary>The meetings of this page.</summary>
    public IList<MeetingSummary> Meetings { get; set; } = [];
}

/// <summary>A meeting as lists show it.</summary>
public sealed class MeetingSummary
{
    /// <summary>The meeting number.</summary>
    public long Id { get; set; }
    /// <summary>The UUID.</summary>
    public string? Uuid { get; set; }
    /// <summary>The host's user id.</summary>
    public string? HostId { get; set; }
    /// <summary>The topic.</summary>
    public string? Topic { get; set; }
    /// <summary>The type.</summary>
    public MeetingType Type { get; set; }
    /// <summary>When it starts (UTC).</summary>
    public DateTimeOffset? StartTime { get; set; }
    /// <summary>Minutes.</summary>
    public int? Duration { get; set; }
    /// <summary>The IANA time zone.</summary>
    public string? Timezone { get; set; }
    /// <summary>The agenda, truncated to 250 characters by Zoom.</summary>
    public string? Agenda { get; set; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }
    /// <summary>The join link.</summary>
    public string? JoinUrl { get; set; }
    /// <summary>The personal meeting ID, when used.</summary>
    public string? Pmi { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"MeetingSummary {{ Id = {Id}, Topic = {Topic}, StartTime = {StartTime:O} }}";
}

/// <summary>The filters and paging of <see cref="MeetingsClient.ListAsync"/>.</summary>
public sealed class MeetingListOptions
{
    /// <summary>The user: <c>me</c> (default), an id or an email.</summary>
    public string UserId { get; set; } = "me";
    /// <summary>One of <see cref="MeetingListType"/>; default <c>scheduled</c>.</summary>
    public string? Type { get; set; }
    /// <summary>1 to 300; Zoom's default is 30.</summary>
    public int? PageSize { get; set; }
    /// <summary>The token of the page to fetch.</summary>
    public string? NextPageToken { get; set; }
    /// <summary>From this date.</summary>
    public DateOnly? From { get; set; }
    /// <summary>To this date.</summary>
    public DateOnly? To { get; set; }
    /// <summary>The time zone of <see cref="From"/> and <see cref="To"/>.</summary>
    public string? Timezone { get; set; }
}
