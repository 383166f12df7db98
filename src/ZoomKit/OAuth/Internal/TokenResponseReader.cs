using System.Net;
using System.Text.Json;

namespace ZoomKit.OAuth.Internal;

/// <summary>
/// Turns a token endpoint answer into a <see cref="TokenResult"/>, classifying by status and
/// <c>error</c>, never by <c>reason</c> text. A 2xx answer is taken whenever it carries a token:
/// once Zoom has answered a refresh, it has rotated, and the refresh token in the answer is the only
/// live one, so an odd field gets a safe default (and a warning) instead of costing the user.
/// </summary>
internal static class TokenResponseReader
{
    // A lifetime beyond a day is not an access token Zoom issues (they last an hour); a year is surely a bug.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    /// <summary>The lifetime assumed when the answer states none that is believable: short, so the token is renewed early.</summary>
    internal static readonly TimeSpan ShortLifetime = TimeSpan.FromMinutes(10);

    public static TokenResult Read(HttpStatusCode status, string? mediaType, string body, ReadOnlySpan<string?> secretsSent) =>
        Read(status, mediaType, body, secretsSent, out _);

    // oddity: what was odd in a 2xx answer that was taken anyway, for one warning log; never a token.
    public static TokenResult Read(HttpStatusCode status, string? mediaType, string body, ReadOnlySpan<string?> secretsSent, out string? oddity)
    {
        oddity = null;
        var code = (int)status;
        if (code is >= 500)
        {
            // A gateway or the server itself failed after the request arrived: Zoom may have rotated.
            return Fail(OAuthErrorKind.Transient, null, code, $"The token endpoint answered HTTP {code}.", outcomeUnknown: true);
        }
        if (code is 429 or 408)
        {
            return Fail(OAuthErrorKind.Transient, null, code, $"The token endpoint answered HTTP {code}.");
        }
        if (code is >= 200 and < 300)
        {
            return ReadSuccess(code, mediaType, body, out oddity);
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

    private static TokenResult ReadSuccess(int code, string? mediaType, string body, out string? oddity)
    {
        oddity = null;
        var parsed = TryParse(body, TokenEndpointJsonContext.Default.TokenResponseBody);
        if (parsed is null)
        {
            return Fail(OAuthErrorKind.ProtocolViolation, null, code,
                $"The token endpoint answered HTTP {code} with a body that is not a JSON object{Describe(mediaType, body)}.", outcomeUnknown: true);
        }
        var refresh = string.IsNullOrEmpty(parsed.RefreshToken) ? null : parsed.RefreshToken;
        if (string.IsNullOrEmpty(parsed.AccessToken) && refresh is null)
        {
            return Fail(OAuthErrorKind.ProtocolViolation, null, code, "The token answer has neither an 'access_token' nor a 'refresh_token'.", outcomeUnknown: true);
        }
        var odd = new List<string>();
        if (string.IsNullOrEmpty(parsed.AccessToken))
        {
            odd.Add("no 'access_token' (the new refresh token is kept; the next call renews)");
        }
        if (parsed.TokenType is { } type && !type.Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            odd.Add($"'token_type' is '{Printable(type)}', not 'bearer' (used as a bearer token)");
        }
        if (!TryReadLifetime(parsed.ExpiresIn, out var lifetime, out var problem))
        {
            odd.Add($"{problem} (taken as {ShortLifetime.TotalMinutes:0} minutes)");
            lifetime = ShortLifetime;
        }
        Uri? apiUrl = null;
        if (parsed.ApiUrl is { Length: > 0 } api && (!Uri.TryCreate(api, UriKind.Absolute, out apiUrl) || apiUrl.Scheme is not ("https" or "http")))
        {
            odd.Add("'api_url' is not an absolute HTTP(S) URI (ignored)");
            apiUrl = null;
        }
        if (string.IsNullOrEmpty(parsed.AccessToken))
        {
            lifetime = TimeSpan.Zero;
        }
        oddity = odd.Count == 0 ? null : string.Join("; ", odd);
        var scopes = (parsed.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return TokenResult.Success(new ZoomTokens(parsed.AccessToken ?? "", refresh, lifetime, scopes, apiUrl));
    }

    /// <summary>The answer of the device authorization endpoint (RFC 8628 §3.2), or a <see cref="ZoomOAuthException"/>.</summary>
    public static DeviceAuthorization ReadDeviceAuthorization(HttpStatusCode status, string? mediaType, string body, DateTimeOffset now)
    {
        var code = (int)status;
        if (code is < 200 or >= 300)
        {
            var failure = Read(status, mediaType, body, []);
            throw new ZoomOAuthException(failure.Error ?? new OAuthError(OAuthErrorKind.ProtocolViolation, null, code, $"The device code endpoint answered HTTP {code}."));
        }
        var parsed = TryParse(body, TokenEndpointJsonContext.Default.DeviceCodeResponseBody);
        var missing = parsed is null ? "a JSON object"
            : string.IsNullOrEmpty(parsed.DeviceCode) ? "'device_code'"
            : string.IsNullOrEmpty(parsed.UserCode) ? "'user_code'"
            : !Uri.TryCreate(parsed.VerificationUri, UriKind.Absolute, out _) ? "an absolute 'verification_uri'"
            : null;
        if (missing is not null)
        {
            throw new ZoomOAuthException(new OAuthError(OAuthErrorKind.ProtocolViolation, null, code,
                $"The device code endpoint answered HTTP {code} without {missing}{Describe(mediaType, body)}."));
        }
        if (!TryReadLifetime(parsed!.ExpiresIn, out var lifetime, out _))
        {
            lifetime = ShortLifetime;
        }
        // RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default."
        var interval = parsed.Interval.ValueKind == JsonValueKind.Number && parsed.Interval.TryGetInt32(out var seconds) && seconds is > 0 and <= 300
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(5);
        Uri.TryCreate(parsed.VerificationUriComplete, UriKind.Absolute, out var complete);
        return new DeviceAuthorization(parsed.DeviceCode!, parsed.UserCode!, new Uri(parsed.VerificationUri!), complete, now + lifetime, interval);
    }

    private static string Printable(string text) => text.Length > 20 ? text[..20] + "…" : text;

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
                problem = "no 'expires_in'";
                return false;
            default:
                problem = "'expires_in' is not a whole number of seconds";
                return false;
        }
        if (seconds <= 0)
        {
            problem = $"'expires_in' is {seconds}, not a positive lifetime";
            return false;
        }
        if (seconds > MaxLifetime.TotalSeconds)
        {
            problem = $"'expires_in' is {seconds} s, more than a day";
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
