namespace ZoomKit.Webhooks;

/// <summary>Wire names of Zoom's webhooks (https://developers.zoom.us/docs/api/webhooks/).</summary>
public static class ZoomWebhookConstants
{
    /// <summary>The signature header: <c>v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{body}"))</c>.</summary>
    public const string SignatureHeader = "x-zm-signature";

    /// <summary>The timestamp header, Unix seconds.</summary>
    public const string TimestampHeader = "x-zm-request-timestamp";

    /// <summary>The signature scheme's version prefix.</summary>
    public const string SignatureVersion = "v0";

    /// <summary>The URL validation challenge event.</summary>
    public const string UrlValidationEvent = "endpoint.url_validation";

    /// <summary><c>meeting.created</c>.</summary>
    public const string MeetingCreated = "meeting.created";

    /// <summary><c>meeting.updated</c>.</summary>
    public const string MeetingUpdated = "meeting.updated";

    /// <summary><c>meeting.deleted</c>.</summary>
    public const string MeetingDeleted = "meeting.deleted";

    /// <summary><c>meeting.started</c>.</summary>
    public const string MeetingStarted = "meeting.started";

    /// <summary><c>meeting.ended</c>.</summary>
    public const string MeetingEnded = "meeting.ended";

    /// <summary><c>app_deauthorized</c>: the user removed the app; delete their tokens and data.</summary>
    public const string AppDeauthorized = "app_deauthorized";
}
