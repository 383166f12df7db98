using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Webhooks;

namespace ZoomKit.Emulator.OAuth;

// /oauth/token (code, refresh, account and device grants) and /oauth/revoke.
internal static partial class OAuthEndpoints
{
    private static async Task<IResult> TokenAsync(HttpContext context, EmulatorState state, EmulatorClock clock, IOptionsMonitor<EmulatorOptions> options)
    {
        var parameters = await ReadParametersAsync(context.Request);
        var grantType = parameters.GetValueOrDefault("grant_type") ?? "";
        // Counted under a name of the emulator's own: the grant type is unauthenticated input.
        state.Stats.Increment("token_requests." + GrantCounterNames.GetValueOrDefault(grantType, "other"));
        var app = Authenticate(context.Request, state);
        if (app is null)
        {
            return TokenError(state, 401, "invalid_client", "Invalid client_id or client_secret");
        }
        state.Stats.Increment("client_token_requests." + app.ClientId);
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
            case DeviceCodeGrantType:
                return PollDevice(state, app, parameters, now, settings, context);
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
            var generation = state.NextGrant(app.ClientId, code.UserId);
            return Issue(state, app, state.UsersById[code.UserId], now, settings, context, generation, withRefresh: true);
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
        var scopes = withRefresh ? UserScopes(app, user) : app.GrantedScopes;
        state.AccessTokens[access] = new AccessTokenInfo(app.ClientId, user.Id, user.AccountId, scopes,
            now.AddSeconds(settings.AccessTokenLifetimeSeconds), generation, ServerToServer: !withRefresh);
        var body = new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "bearer",
            ["expires_in"] = settings.AccessTokenLifetimeSeconds,
            ["scope"] = string.Join(' ', scopes),
            ["api_url"] = $"{context.Request.Scheme}://{context.Request.Host}",
        };
        if (withRefresh)
        {
            var refresh = Ids.Token("zer_");
            state.RefreshTokens[refresh] = new RefreshTokenInfo(app.ClientId, user.Id, scopes, now.AddDays(settings.RefreshTokenLifetimeDays), generation);
            body["refresh_token"] = refresh;
        }
        return Results.Text(ApiResults.Serialize(body), "application/json", Encoding.UTF8, 200);
    }

    /// <summary>What a user's authorization of the app carries: a member's none of the app's admin scopes, as Zoom grants those only to roles with the privileges.</summary>
    internal static IReadOnlyList<string> UserScopes(EmulatorApp app, EmulatorUser user) =>
        user.IsAdmin ? app.GrantedScopes : [.. app.GrantedScopes.Where(s => !s.EndsWith(":admin", StringComparison.Ordinal))];

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
}
