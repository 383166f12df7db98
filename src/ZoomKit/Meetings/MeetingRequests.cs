using System.Globalization;
using System.Text.Json.Serialization;

namespace ZoomKit.Meetings;

/// <summary>The fields common to creating and changing a meeting. Unset (null) fields are not sent.</summary>
public abstract class MeetingRequestBase
{
    /// <summary>The topic, up to 200 characters.</summary>
    public string? Topic { get; set; }

    /// <summary>The type; Zoom's default is <see cref="MeetingType.Scheduled"/>.</summary>
    public MeetingType? Type { get; set; }

    /// <summary>
    /// When it starts. Sent as local wall-clock time in <see cref="Timezone"/> when one is set
    /// (<c>yyyy-MM-ddTHH:mm:ss</c>), else in UTC (<c>yyyy-MM-ddTHH:mm:ssZ</c>), as Zoom documents.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? StartTime
    {
        get => _startTime ?? (_startTimeText is { } text ? ParseStart(text, Timezone) : null);
        set => (_startTime, _startTimeText) = (value, null);
    }

    private DateTimeOffset? _startTime;

    // A request read from JSON keeps Zoom's text until it is asked for, so that a local time is read in
    // "timezone" whatever order the two fields came in, and is written back exactly as it was.
    private string? _startTimeText;

    /// <summary>An IANA time zone from Zoom's list (<see cref="ZoomTimeZones"/>); Zoom's default is the user's.</summary>
    public string? Timezone { get; set; }

    /// <summary>Minutes, 1 to 1440; Zoom's default is 60.</summary>
    public int? Duration { get; set; }

    /// <summary>The passcode: up to 10 letters, digits and <c>@ - _ * ! # $ % ^ &amp; + = .</c>.</summary>
    public string? Password { get; set; }

    /// <summary>The agenda, up to 2000 characters.</summary>
    public string? Agenda { get; set; }

    /// <summary>Pre-schedule the meeting for a host.</summary>
    public bool? PreSchedule { get; set; }

    /// <summary>Schedule for another user (email or id).</summary>
    public string? ScheduleFor { get; set; }

    /// <summary>A meeting template's id.</summary>
    public string? TemplateId { get; set; }

    /// <summary>The recurrence; required for <see cref="MeetingType.RecurringFixedTime"/>.</summary>
    public Recurrence? Recurrence { get; set; }

    /// <summary>The settings.</summary>
    public MeetingSettings? Settings { get; set; }

    /// <summary>Tracking fields (field and value).</summary>
    public IList<TrackingField>? TrackingFields { get; set; }

    // The wire form of StartTime; see its documentation.
    [JsonPropertyName("start_time")]
    [JsonInclude]
    internal string? StartTimeWire
    {
        get => _startTimeText ?? (StartTime is not { } start ? null : FormatStart(start, Timezone));
        set => (_startTime, _startTimeText) = (null, value);
    }

    private static DateTimeOffset? ParseStart(string text, string? timezone)
    {
        var styles = DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var withOffset) && HasOffset(text))
        {
            return withOffset;
        }
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out var wall))
        {
            return null;
        }
        var zone = timezone is { Length: > 0 } && ZoomTimeZones.TryFind(timezone, out var found) ? found : TimeZoneInfo.Utc;
        wall = DateTime.SpecifyKind(zone.IsInvalidTime(wall) ? wall.AddHours(1) : wall, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal);

    internal static string FormatStart(DateTimeOffset start, string? timezone)
    {
        if (timezone is { Length: > 0 } && ZoomTimeZones.TryFind(timezone, out var zone))
        {
            return TimeZoneInfo.ConvertTime(start, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
        return start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}

/// <summary>A new meeting (<c>POST /users/{userId}/meetings</c>). Every field is optional.</summary>
public sealed class MeetingCreateRequest : MeetingRequestBase
{
    /// <summary>Let Zoom generate a passcode when none is given.</summary>
    public bool? DefaultPassword { get; set; }
}

/// <summary>A change to a meeting (<c>PATCH /meetings/{meetingId}</c>): only the fields set are sent.</summary>
public sealed class MeetingUpdateRequest : MeetingRequestBase;
