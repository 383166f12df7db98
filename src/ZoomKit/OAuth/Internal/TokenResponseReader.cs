using System.Net;
using System.Text.Json;

namespace ZoomKit.OAuth.Internal;

/// <summary>Turns a token endpoint answer into a <see cref="TokenResult"/>, classifying by status and <c>error</c>, never by <c>reason</c> text.</summary>
internal static class TokenResponseReader
{
    // A lifetime beyond a day is not an access token Zoom issues (they last an hour); a year is surely a bug.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    public static TokenResult Read(HttpStatusCode status, string? mediaType, string body, ReadOnlySpan<string?> secretsSent)
    {
        var code = (int)status;
        if (code is >= 500 or 429 or 408)
        {
            return Fail(OAuthErrorKind.Transient, null, code, $"The token endpoint answered HTTP {code}.");
        }
        if (code is >= 200 and < 300)
        {
            return ReadSuccess(code, mediaType, body);
        }

        var error = TryParse(body, TokenEndpointJsonContext.Default.TokenErrorBody);
        if (error?.Error is not { Length: > 0 } errorCode)
        {
            return Fail(OAuthErrorKind.ProtocolViolation, null, code,
                $"The token endpoint answered HTTP {code} without an OAuth error body{Describe(mediaType, body)}.");
        }
        var kind = errorCode switch
        {
            ZoomOAuthConstants.Errors.InvalidGrant => OAuthErrorKind.InvalidGrant,
            ZoomOAuthConstants.Errors.InvalidClient => OAuthErrorKind.InvalidClient,
            _ => OAuthErrorKind.Rejected,
        };
        // Older Zoom appended the code it refused to the reason text: scrub whatever was sent.
        var reason = Redact(error.Reason ?? error.ErrorDescription, secretsSent);
        return Fail(kind, errorCode, code, reason is null ? $"Zoom answered '{errorCode}'." : $"Zoom answered '{errorCode}': {reason}");
    }

    private static TokenResult ReadSuccess(int code, string? mediaType, string body)
    {
        var parsed = TryParse(body, TokenEndpointJsonContext.Default.TokenResponseBody);
        if (parsed is null)
        {
            return Fail(OAuthErrorKind.ProtocolViolation, null, code,
                $"The token endpoint answered HTTP {code} with a body that is not a JSON object{Describe(mediaType, body)}.", outcomeUnknown: true);
        }
        if (string.IsNullOrEmpty(parsed.AccessToken))
        {
            return Fail(OAuthErrorKind.ProtocolViolation, null, code, "The token answer has no 'access_token'.", outcomeUnknown: true);
        }
        if (parsed.TokenType is { } type && !type.Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(OAuthErrorKind.ProtocolViolation, null, code, $"The token answer's 'token_type' is '{type}', not 'bearer'.", outcomeUnknown: true);
        }
        if (!TryReadLifetime(parsed.ExpiresIn, out var lifetime, out var problem))
        {
            return Fail(OAuthErrorKind.ProtocolViolation, null, code, problem, outcomeUnknown: true);
        }
        Uri? apiUrl = null;
        if (parsed.ApiUrl is { Length: > 0 } api && !Uri.TryCreate(api, UriKind.Absolute, out apiUrl))
        {
            return Fail(OAuthErrorKind.ProtocolViolation, null, code, "The token answer's 'api_url' is not an absolute URI.", outcomeUnknown: true);
        }
        var scopes = (parsed.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var refresh = string.IsNullOrEmpty(parsed.RefreshToken) ? null : parsed.RefreshToken;
        return TokenResult.Success(new ZoomTokens(parsed.AccessToken, refresh, lifetime, scopes, apiUrl));
    }

    private static bool TryReadLifetime(JsonElement element, out TimeSpan lifetime, out string problem)
    {
        lifetime = default;
        problem = "";
        long seconds;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetInt64(out seconds):
                break;
            // Some servers send numbers as strings; RFC 6749 §5.1 says a number, so accept the string form only when it is one.
            case JsonValueKind.String when long.TryParse(element.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seconds):
                break;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                problem = "The token answer has no 'expires_in'.";
                return false;
            default:
                problem = "The token answer's 'expires_in' is not a whole number of seconds.";
                return false;
        }
        if (seconds <= 0)
        {
            problem = $"The token answer's 'expires_in' is {seconds}: a lifetime must be positive.";
            return false;
        }
        if (seconds > MaxLifetime.TotalSeconds)
        {
            problem = $"The token answer's 'expires_in' is {seconds} s, more than a day: not a Zoom access token lifetime.";
            return false;
        }
        lifetime = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static T? TryParse<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{')
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(string? mediaType, string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (mediaType is "text/html" || trimmed.StartsWith("<", StringComparison.Ordinal))
        {
            return " (an HTML page: is the OAuth base URL right?)";
        }
        return trimmed.IsEmpty ? " (an empty body)" : mediaType is null ? "" : $" ({mediaType})";
    }

    private static string? Redact(string? text, ReadOnlySpan<string?> secrets)
    {
        if (text is null)
        {
            return null;
        }
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static TokenResult Fail(OAuthErrorKind kind, string? error, int? status, string description, bool outcomeUnknown = false) =>
        TokenResult.Failure(new OAuthError(kind, error, status, description, outcomeUnknown));
}
