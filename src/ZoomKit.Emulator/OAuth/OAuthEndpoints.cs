using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.OAuth;

/// <summary>Zoom's OAuth host: <c>/oauth/authorize</c> with its pages, <c>/oauth/token</c>, <c>/oauth/revoke</c>, and the device grant's <c>/oauth/devicecode</c> and <c>/oauth/device</c>.</summary>
internal static partial class OAuthEndpoints
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan PageLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The grant types the emulator counts by name, and the name each is counted under.</summary>
    private static readonly Dictionary<string, string> GrantCounterNames = new(StringComparer.Ordinal)
    {
        ["authorization_code"] = "authorization_code",
        ["refresh_token"] = "refresh_token",
        ["account_credentials"] = "account_credentials",
        [DeviceCodeGrantType] = "device_code",
        [""] = "",
    };

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/oauth/authorize", Authorize);
        routes.MapPost("/oauth/authorize/signin", SignInAsync).DisableAntiforgery();
        routes.MapPost("/oauth/authorize/consent", ConsentAsync).DisableAntiforgery();
        routes.MapPost("/oauth/token", TokenAsync).DisableAntiforgery();
        routes.MapPost("/oauth/revoke", RevokeAsync).DisableAntiforgery();
        MapDevice(routes);
    }

    private static EmulatorApp? Authenticate(HttpRequest request, EmulatorState state)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }
        EmulatorApp? app;
        lock (state.Gate)
        {
            app = state.Apps.GetValueOrDefault(decoded[..colon]);
        }
        return app is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]), Encoding.UTF8.GetBytes(app.ClientSecret))
            ? app
            : null;
    }

    /// <summary>Zoom reads token parameters from the body and, for old clients, from the query string.</summary>
    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpRequest request)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            result[key] = value.ToString();
        }
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                result[key] = value.ToString();
            }
        }
        return result;
    }

    private static IResult TokenError(EmulatorState state, int status, string error, string reason)
    {
        state.Stats.Increment("token_errors." + error);
        var body = new JsonObject { ["reason"] = reason, ["error"] = error };
        return Results.Text(ApiResults.Serialize(body), "application/json", Encoding.UTF8, status);
    }

    public static bool RedirectAllowed(EmulatorApp app, string redirectUri)
    {
        if (app.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return true;
        }
        // RFC 8252 §7.3: a native app's loopback redirect may use any port; nobody else's may.
        if (!app.NativeLoopback || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || !uri.IsLoopback || uri.Host == "localhost")
        {
            return false;
        }
        return app.RedirectUris.Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out var a)
            && a.Scheme == uri.Scheme && a.Host == uri.Host && a.AbsolutePath == uri.AbsolutePath && a.Query == uri.Query);
    }

    private static string WithQuery(string uri, params (string Key, string? Value)[] parameters)
    {
        var builder = new StringBuilder(uri);
        var separator = uri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }
            builder.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }
}
