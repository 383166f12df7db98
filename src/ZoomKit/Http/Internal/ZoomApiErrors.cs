using System.Text.Json;

namespace ZoomKit.Http.Internal;

/// <summary>Turns a non-success answer into a <see cref="ZoomApiException"/>: the one place errors are mapped.</summary>
internal static class ZoomApiErrors
{
    public const string TrackingIdHeader = "x-zm-trackingid";

    public static async Task<ZoomApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var trackingId = TrackingId(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var parsed = TryParse(body);
        // Zoom's error bodies are JSON, but one 400 was seen as XML with no code [DF 55790]: keep the status, say what came.
        var message = parsed?.Message is { Length: > 0 } m ? m : $"{response.ReasonPhrase ?? "error"} (no Zoom error body)";
        if (parsed?.Code == ZoomScopeException.ZoomScopeCode)
        {
            // "Invalid access token, does not contain scopes:[meeting:write:meeting, meeting:write]." Zoom answers
            // HTTP 400 for it (ZOOM.md); it is about the token, not the request's fields.
            return new ZoomScopeException(status, message, ScopesIn(message), trackingId);
        }
        var errors = parsed?.Errors?.Where(e => e.Field is not null).Select(e => new ZoomFieldError(e.Field!, e.Message ?? "Invalid field.")).ToList();
        return new ZoomApiException(status, parsed?.Code, message, errors, trackingId);
    }

    private static string[] ScopesIn(string message)
    {
        var open = message.IndexOf('[', StringComparison.Ordinal);
        var close = open < 0 ? -1 : message.IndexOf(']', open);
        return close < 0 ? [] : message[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static string? TrackingId(HttpResponseMessage response) =>
        response.Headers.TryGetValues(TrackingIdHeader, out var values) ? values.FirstOrDefault() : null;

    public static int? PeekCode(string body) => TryParse(body)?.Code;

    private static ZoomErrorBody? TryParse(string body)
    {
        if (!body.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(body, ZoomJsonContext.Default.ZoomErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
