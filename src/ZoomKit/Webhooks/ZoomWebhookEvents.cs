using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZoomKit.Webhooks;

/// <summary>A verified webhook delivery: its event name, time, and payload in typed and raw forms.</summary>
public sealed class ZoomWebhookEvent
{
    /// <summary>The event name, such as <c>meeting.created</c>.</summary>
    public string Event { get; set; } = "";

    /// <summary>When Zoom raised it, Unix milliseconds.</summary>
    public long EventTs { get; set; }

    /// <summary>The payload as sent.</summary>
    public JsonElement Payload { get; set; }

    /// <summary>The payload of a meeting event (<c>meeting.*</c>); null for others.</summary>
    [JsonIgnore]
    public MeetingEventPayload? Meeting { get; internal set; }

    /// <summary>The payload of <c>app_deauthorized</c>; null for others.</summary>
    [JsonIgnore]
    public AppDeauthorizedPayload? Deauthorized { get; internal set; }
}

/// <summary>The payload of <c>meeting.created</c>, <c>meeting.updated</c>, <c>meeting.deleted</c> and the rest of <c>meeting.*</c>.</summary>
public sealed class MeetingEventPayload
{
    /// <summary>The account.</summary>
    public string? AccountId { get; set; }
    /// <summary>The email of who did it.</summary>
    public string? Operator { get; set; }
    /// <summary>The user id of who did it.</summary>
    public string? OperatorId { get; set; }
    /// <summary><c>single</c> or <c>all</c> (occurrences).</summary>
    public string? Operation { get; set; }
    /// <summary>The meeting (<c>object</c>; for <c>meeting.updated</c>, its changed fields).</summary>
    [JsonPropertyName("object")]
    public MeetingEventObject? Meeting { get; set; }
    /// <summary>For <c>meeting.updated</c>: the changed fields' previous values.</summary>
    public MeetingEventObject? OldObject { get; set; }
}

/// <summary>A meeting as webhook payloads carry it.</summary>
public sealed class MeetingEventObject
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
    public int? Type { get; set; }
    /// <summary>When it starts.</summary>
    public DateTimeOffset? StartTime { get; set; }
    /// <summary>Minutes.</summary>
    public int? Duration { get; set; }
    /// <summary>The time zone.</summary>
    public string? Timezone { get; set; }
    /// <summary>The join link.</summary>
    public string? JoinUrl { get; set; }
}

/// <summary>The payload of <c>app_deauthorized</c>.</summary>
public sealed class AppDeauthorizedPayload
{
    /// <summary>The account.</summary>
    public string? AccountId { get; set; }
    /// <summary>The user who removed the app.</summary>
    public string? UserId { get; set; }
    /// <summary>The app's client id.</summary>
    public string? ClientId { get; set; }
    /// <summary>When.</summary>
    public DateTimeOffset? DeauthorizationTime { get; set; }
}

/// <summary>The answer to Zoom's URL validation challenge.</summary>
/// <param name="PlainToken">The token Zoom sent.</param>
/// <param name="EncryptedToken"><c>hex(HMAC-SHA256(secret, plainToken))</c>.</param>
public sealed record UrlValidationResponse(
    [property: JsonPropertyName("plainToken")] string PlainToken,
    [property: JsonPropertyName("encryptedToken")] string EncryptedToken);
