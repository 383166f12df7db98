using System.Security.Cryptography;
using System.Text;

namespace ZoomKit.OAuth;

/// <summary>Reads Zoom's redirect to the app's redirect URI (RFC 6749 §4.1.2).</summary>
public static class AuthorizationCallback
{
    /// <summary>Returns the code of a callback whose state matches the expected one.</summary>
    /// <exception cref="ZoomOAuthException">Zoom reported an error, or the state or code is missing or wrong.</exception>
    public static string ReadCode(Uri callback, string expectedState)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var query = ParseQuery(callback.Query);
        return ReadCode(query, expectedState);
    }

    /// <summary>Returns the code of a callback's query parameters whose state matches the expected one.</summary>
    /// <exception cref="ZoomOAuthException">Zoom reported an error, or the state or code is missing or wrong.</exception>
    public static string ReadCode(IReadOnlyDictionary<string, string> query, string expectedState)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(expectedState);

        // RFC 6749 §10.12: the state binds the callback to the browser that started the flow;
        // check it before anything else the callback says.
        if (!query.TryGetValue(ZoomOAuthConstants.Names.State, out var state) || string.IsNullOrEmpty(state))
        {
            throw new ZoomOAuthException(new OAuthError(OAuthErrorKind.Rejected, "invalid_state", null,
                "The callback has no 'state' parameter; the authorization cannot be trusted."));
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(expectedState)))
        {
            throw new ZoomOAuthException(new OAuthError(OAuthErrorKind.Rejected, "invalid_state", null,
                "The callback's 'state' parameter does not match the one sent; start the authorization again."));
        }
        if (query.TryGetValue(ZoomOAuthConstants.Names.Error, out var error) && !string.IsNullOrEmpty(error))
        {
            var description = error == ZoomOAuthConstants.Errors.AccessDenied
                ? "The user declined to authorize the app."
                : $"Zoom refused the authorization with error '{error}'.";
            return ThrowError(error, description);
        }
        if (!query.TryGetValue(ZoomOAuthConstants.Names.Code, out var code) || string.IsNullOrEmpty(code))
        {
            throw new ZoomOAuthException(new OAuthError(OAuthErrorKind.ProtocolViolation, null, null,
                "The callback has neither a 'code' nor an 'error' parameter."));
        }
        return code;
    }

    private static string ThrowError(string error, string description) =>
        throw new ZoomOAuthException(new OAuthError(OAuthErrorKind.Rejected, error, null, description));

    internal static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            result.TryAdd(key, value);
        }
        return result;
    }
}
