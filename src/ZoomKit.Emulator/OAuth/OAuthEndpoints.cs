using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Pages;
using ZoomKit.Emulator.Webhooks;

namespace ZoomKit.Emulator.OAuth;

/// <summary>Zoom's OAuth host: <c>/oauth/authorize</c> with its pages, <c>/oauth/token</c> and <c>/oauth/revoke</c>.</summary>
internal static class OAuthEndpoints
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PageLifetime = TimeSpan.FromMinutes(10);
    private static readonly HashSet<string> KnownGrantTypes = ["authorization_code", "refresh_token", "account_credentials", ""];

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/oauth/authorize", Authorize);
        routes.MapPost("/oauth/authorize/signin", SignInAsync).DisableAntiforgery();
        routes.MapPost("/oauth/authorize/consent", ConsentAsync).DisableAntiforgery();
        routes.MapPost("/oauth/token", TokenAsync).DisableAntiforgery();
        routes.MapPost("/oauth/revoke", RevokeAsync).DisableAntiforgery();
    }

    private static IResult Authorize(HttpContext context, EmulatorState state, EmulatorClock clock, IOptionsMonitor<EmulatorOptions> options)
    {
        var query = context.Request.Query;
        string clientId = query["client_id"].ToString(), redirectUri = query["redirect_uri"].ToString();
        EmulatorApp? app;
        lock (state.Gate)
        {
            app = state.Apps.GetValueOrDefault(clientId);
        }
        // Errors about the client or the redirect URI are shown, never redirected (RFC 6749 §4.1.2.1).
        if (app is null)
        {
            return Html.Error("Invalid client_id", $"No app has the client id '{clientId}'.");
        }
        if (!RedirectAllowed(app, redirectUri))
        {
            return Html.Error("Invalid redirect URL", "The redirect_uri is not on this app's allow list: it must match one exactly.");
        }
        var stateParameter = query["state"].FirstOrDefault();
        if (query["response_type"] != "code")
        {
            return Results.Redirect(WithQuery(redirectUri, ("error", "unsupported_response_type"), ("state", stateParameter)));
        }
        var method = query["code_challenge_method"].FirstOrDefault();
        var challenge = query["code_challenge"].FirstOrDefault();
        if (challenge is not null)
        {
            // Zoom's default PKCE method is plain.
            method ??= "plain";
            if (method is not ("S256" or "plain"))
            {
                return Results.Redirect(WithQuery(redirectUri, ("error", "invalid_request"), ("state", stateParameter)));
            }
        }
        var pending = new PendingAuthorization(Ids.Token("req_"), app, redirectUri, stateParameter, challenge, method, clock.UtcNow + PageLifetime);
        if (options.CurrentValue.AutoApprove)
        {
            lock (state.Gate)
            {
                pending.UserId = state.UsersById.Values.First().Id;
            }
            return Results.Redirect(IssueCode(state, clock, pending));
        }
        lock (state.Gate)
        {
            state.Purge(clock.UtcNow);
            state.Pending[pending.Id] = pending;
        }
        return Html.SignIn(pending.Id, app.Name, null, null);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, EmulatorState state, EmulatorClock clock)
    {
        var form = await context.Request.ReadFormAsync();
        var pending = Find(state, clock, form["request"].ToString());
        if (pending is null)
        {
            return Html.Error("Sign-in expired", "This sign-in page has expired. Go back to the app and connect again.");
        }
        var email = form["email"].ToString();
        EmulatorUser? user;
        lock (state.Gate)
        {
            user = state.UsersByEmail.GetValueOrDefault(email);
        }
        var password = Encoding.UTF8.GetBytes(form["password"].ToString());
        if (user is null || !CryptographicOperations.FixedTimeEquals(password, Encoding.UTF8.GetBytes(user.Password)))
        {
            return Html.SignIn(pending.Id, pending.App.Name, email, "The email or password is wrong.");
        }
        lock (state.Gate)
        {
            pending.UserId = user.Id;
        }
        return Html.Consent(pending.Id, pending.App, user);
    }

    private static async Task<IResult> ConsentAsync(HttpContext context, EmulatorState state, EmulatorClock clock)
    {
        var form = await context.Request.ReadFormAsync();
        var pending = Find(state, clock, form["request"].ToString());
        if (pending?.UserId is null)
        {
            return Html.Error("Authorization expired", "This page has expired. Go back to the app and connect again.");
        }
        lock (state.Gate)
        {
            state.Pending.Remove(pending.Id);
        }
        if (form["decision"] != "allow")
        {
            return Results.Redirect(WithQuery(pending.RedirectUri, ("error", "access_denied"), ("state", pending.State)));
        }
        return Results.Redirect(IssueCode(state, clock, pending));
    }

    private static PendingAuthorization? Find(EmulatorState state, EmulatorClock clock, string id)
    {
        lock (state.Gate)
        {
            return state.Pending.TryGetValue(id, out var pending) && pending.ExpiresAt > clock.UtcNow ? pending : null;
        }
    }

    private static string IssueCode(EmulatorState state, EmulatorClock clock, PendingAuthorization pending)
    {
        var code = Ids.Token("code_");
        lock (state.Gate)
        {
            state.Purge(clock.UtcNow);
            state.Codes[code] = new AuthorizationCode(pending.App.ClientId, pending.UserId!, pending.RedirectUri,
                pending.CodeChallenge, pending.CodeChallengeMethod, clock.UtcNow + CodeLifetime);
        }
        return WithQuery(pending.RedirectUri, ("code", code), ("state", pending.State));
    }

    private static async Task<IResult> TokenAsync(HttpContext context, EmulatorState state, EmulatorClock clock, IOptionsMonitor<EmulatorOptions> options)
    {
        var parameters = await ReadParametersAsync(context.Request);
        var grantType = parameters.GetValueOrDefault("grant_type") ?? "";
        // Counted under a name of the emulator's own: the grant type is unauthenticated input.
        state.Stats.Increment("token_requests." + (KnownGrantTypes.Contains(grantType) ? grantType : "other"));
        var app = Authenticate(context.Request, state);
        if (app is null)
        {
            return TokenError(state, 401, "invalid_client", "Invalid client_id or client_secret");
        }
        var now = clock.UtcNow;
        var settings = options.CurrentValue;
        switch (grantType)
        {
            case "authorization_code":
                return ExchangeCode(state, app, parameters, now, settings, context);
            case "refresh_token":
                return Refresh(state, app, parameters, now, settings, context);
            case "account_credentials":
                return AccountCredentials(state, app, parameters, now, settings, context);
            case "":
                return TokenError(state, 400, "invalid_request", "Missing grant_type");
            default:
                return TokenError(state, 400, "unsupported_grant_type", "Unsupported grant type");
        }
    }

    private static IResult ExchangeCode(EmulatorState state, EmulatorApp app, Dictionary<string, string> p, DateTimeOffset now, EmulatorOptions settings, HttpContext context)
    {
        var codeValue = p.GetValueOrDefault("code");
        if (string.IsNullOrEmpty(codeValue))
        {
            return TokenError(state, 400, "invalid_request", "Missing code");
        }
        lock (state.Gate)
        {
            if (!state.Codes.TryGetValue(codeValue, out var code) || code.Used || code.ExpiresAt <= now || code.ClientId != app.ClientId)
            {
                return TokenError(state, 400, "invalid_grant", "Invalid authorization code");
            }
            // Single use, even when the exchange fails below (RFC 6749 §4.1.2).
            code.Used = true;
            if (p.GetValueOrDefault("redirect_uri") != code.RedirectUri)
            {
                return TokenError(state, 400, "invalid_request", "Redirect URI mismatch");
            }
            if (code.CodeChallenge is not null && !PkceMatches(code, p.GetValueOrDefault("code_verifier")))
            {
                // RFC 7636 §4.6.
                return TokenError(state, 400, "invalid_grant", "Invalid code_verifier");
            }
            // A new authorization replaces the grant: every older token of this user and app dies (4741).
            var key = (app.ClientId, code.UserId);
            var grant = state.Grants.TryGetValue(key, out var existing) ? existing : state.Grants[key] = new Grant();
            grant.Generation++;
            var user = state.UsersById[code.UserId];
            return Issue(state, app, user, now, settings, context, grant.Generation, withRefresh: true);
        }
    }

    private static IResult Refresh(EmulatorState state, EmulatorApp app, Dictionary<string, string> p, DateTimeOffset now, EmulatorOptions settings, HttpContext context)
    {
        var token = p.GetValueOrDefault("refresh_token");
        if (string.IsNullOrEmpty(token))
        {
            return TokenError(state, 400, "invalid_request", "Missing refresh_token");
        }
        lock (state.Gate)
        {
            if (!state.RefreshTokens.Remove(token, out var info) || info.ClientId != app.ClientId || info.ExpiresAt <= now || !state.IsCurrentGrant(info.ClientId, info.UserId, info.Generation))
            {
                return TokenError(state, 400, "invalid_grant", "Invalid Token!");
            }
            // Strict rotation: the refresh token just used is gone (removed above), a new one is issued.
            return Issue(state, app, state.UsersById[info.UserId], now, settings, context, info.Generation, withRefresh: true);
        }
    }

    private static IResult AccountCredentials(EmulatorState state, EmulatorApp app, Dictionary<string, string> p, DateTimeOffset now, EmulatorOptions settings, HttpContext context)
    {
        var accountId = p.GetValueOrDefault("account_id");
        if (string.IsNullOrEmpty(accountId))
        {
            return TokenError(state, 400, "invalid_request", "Missing account_id");
        }
        lock (state.Gate)
        {
            var user = state.UsersById.Values.FirstOrDefault(u => u.AccountId == accountId);
            if (string.IsNullOrEmpty(app.AccountId) || app.AccountId != accountId || user is null)
            {
                return TokenError(state, 400, "invalid_request", "Invalid account_id");
            }
            return Issue(state, app, user, now, settings, context, generation: 0, withRefresh: false);
        }
    }

    private static IResult Issue(EmulatorState state, EmulatorApp app, EmulatorUser user, DateTimeOffset now, EmulatorOptions settings, HttpContext context, int generation, bool withRefresh)
    {
        var access = Ids.Token("zea_");
        state.Purge(now);
        state.AccessTokens[access] = new AccessTokenInfo(app.ClientId, user.Id, user.AccountId, app.GrantedScopes,
            now.AddSeconds(settings.AccessTokenLifetimeSeconds), generation, ServerToServer: !withRefresh);
        var body = new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "bearer",
            ["expires_in"] = settings.AccessTokenLifetimeSeconds,
            ["scope"] = string.Join(' ', app.GrantedScopes),
            ["api_url"] = $"{context.Request.Scheme}://{context.Request.Host}",
        };
        if (withRefresh)
        {
            var refresh = Ids.Token("zer_");
            state.RefreshTokens[refresh] = new RefreshTokenInfo(app.ClientId, user.Id, app.GrantedScopes, now.AddDays(settings.RefreshTokenLifetimeDays), generation);
            body["refresh_token"] = refresh;
        }
        return Results.Text(ApiResults.Serialize(body), "application/json", Encoding.UTF8, 200);
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, EmulatorState state, WebhookDispatcher webhooks, EmulatorClock clock)
    {
        var parameters = await ReadParametersAsync(context.Request);
        var app = Authenticate(context.Request, state);
        if (app is null)
        {
            return TokenError(state, 401, "invalid_client", "Invalid client_id or client_secret");
        }
        var token = parameters.GetValueOrDefault("token") ?? "";
        string userId;
        lock (state.Gate)
        {
            if (state.AccessTokens.TryGetValue(token, out var access) && access.ClientId == app.ClientId)
            {
                userId = access.UserId;
            }
            else if (state.RefreshTokens.TryGetValue(token, out var refresh) && refresh.ClientId == app.ClientId)
            {
                userId = refresh.UserId;
            }
            else
            {
                return TokenError(state, 400, "invalid_request", "Invalid Token");
            }
            state.EndGrant(app.ClientId, userId);
        }
        webhooks.AppDeauthorized(app, userId, clock.UtcNow);
        return Results.Text("""{"status":"success"}""", "application/json", Encoding.UTF8, 200);
    }

    private static bool PkceMatches(AuthorizationCode code, string? verifier)
    {
        if (string.IsNullOrEmpty(verifier))
        {
            return false;
        }
        var expected = code.CodeChallengeMethod == "S256"
            ? Ids.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(code.CodeChallenge!));
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
