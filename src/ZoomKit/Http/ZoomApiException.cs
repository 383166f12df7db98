namespace ZoomKit.Http;

/// <summary>One field Zoom (or ZoomKit's own validation) refused, with the rule it broke.</summary>
/// <param name="Field">The dotted path, as Zoom names it: <c>settings.jbh_time</c>.</param>
/// <param name="Message">The rule, in words.</param>
public sealed record ZoomFieldError(string Field, string Message);

/// <summary>
/// Zoom answered with an error: its HTTP status, its code, its message, the field errors of a
/// validation failure and the tracking id to quote to Zoom's support.
/// </summary>
public class ZoomApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ZoomApiException(int statusCode, int? code, string message, IReadOnlyList<ZoomFieldError>? errors = null, string? trackingId = null, Exception? innerException = null)
        : base(Describe(statusCode, code, message, errors), innerException)
    {
        StatusCode = statusCode;
        Code = code;
        ZoomMessage = message;
        Errors = errors ?? [];
        TrackingId = trackingId;
    }

    /// <summary>The HTTP status; 0 when the error was found before anything was sent.</summary>
    public int StatusCode { get; }

    /// <summary>Zoom's error code (<c>124</c>, <c>300</c>, <c>3001</c>, …), when the answer had one.</summary>
    public int? Code { get; }

    /// <summary>Zoom's message, as Zoom wrote it.</summary>
    public string ZoomMessage { get; }

    /// <summary>The field errors of a validation failure (code 300), or of ZoomKit's checks before sending.</summary>
    public IReadOnlyList<ZoomFieldError> Errors { get; }

    /// <summary>The <c>x-zm-trackingid</c> of Zoom's answer.</summary>
    public string? TrackingId { get; }

    private static string Describe(int status, int? code, string message, IReadOnlyList<ZoomFieldError>? errors)
    {
        var head = status == 0 ? message : $"Zoom answered HTTP {status}{(code is null ? "" : $", code {code}")}: {message}";
        return errors is { Count: > 0 } ? $"{head} ({string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))})" : head;
    }
}

/// <summary>The request breaks Zoom's rules; found before anything was sent. <see cref="ZoomApiException.Errors"/> lists every field.</summary>
public sealed class ZoomValidationException : ZoomApiException
{
    /// <summary>Creates the exception from the failing fields.</summary>
    public ZoomValidationException(IReadOnlyList<ZoomFieldError> errors)
        : base(0, 300, "The request was not sent: it breaks Zoom's rules.", errors)
    {
    }
}

/// <summary>
/// The connection's token lacks the scopes the operation needs: found before sending (the token's
/// granted scopes are known), or answered by Zoom with HTTP 400 and code 4711. Retrying cannot
/// help; the app needs the scope on the Zoom Marketplace and the user must connect again.
/// </summary>
public sealed class ZoomScopeException : ZoomApiException
{
    /// <summary>Creates the exception.</summary>
    public ZoomScopeException(int statusCode, string message, IReadOnlyList<string> requiredScopes, string? trackingId = null)
        : base(statusCode, ZoomScopeCode, message, null, trackingId)
    {
        RequiredScopes = requiredScopes;
    }

    /// <summary>Zoom's code for a token without the needed scope.</summary>
    public const int ZoomScopeCode = 4711;

    /// <summary>The scopes of which the operation needs one, as Zoom or the spec names them.</summary>
    public IReadOnlyList<string> RequiredScopes { get; }
}

/// <summary>Which limit Zoom (or ZoomKit's own budget) applied.</summary>
public enum ZoomRateLimitType
{
    /// <summary>Requests per second; the caller may retry shortly.</summary>
    PerSecond,

    /// <summary>A daily limit; nothing more until <see cref="ZoomRateLimitException.RetryAt"/> (00:00 UTC).</summary>
    Daily,
}

/// <summary>Zoom's rate limit was reached and waiting within the allowed bound would not help.</summary>
public sealed class ZoomRateLimitException : ZoomApiException
{
    /// <summary>Creates the exception.</summary>
    public ZoomRateLimitException(string message, ZoomRateLimitType type, string? category, DateTimeOffset retryAt, bool sent, string? trackingId = null)
        : base(sent ? 429 : 0, 429, message, null, trackingId)
    {
        Type = type;
        Category = category;
        RetryAt = retryAt;
    }

    /// <summary>Per second, or daily.</summary>
    public ZoomRateLimitType Type { get; }

    /// <summary>Zoom's category (<c>Light</c>, <c>Medium</c>, <c>Heavy</c>), when known.</summary>
    public string? Category { get; }

    /// <summary>When a retry may succeed.</summary>
    public DateTimeOffset RetryAt { get; }
}

/// <summary>
/// A request that changes something (a create) may have reached Zoom, but no answer came back.
/// It is not re-sent: look (list the meetings) before creating again, or a duplicate may appear.
/// </summary>
public sealed class ZoomOutcomeUnknownException : ZoomApiException
{
    /// <summary>Creates the exception.</summary>
    public ZoomOutcomeUnknownException(string operation, Exception innerException)
        : base(0, null, $"{operation} may or may not have happened at Zoom: the answer was lost. It was not sent again; check before retrying.", null, null, innerException)
    {
    }
}
