namespace ZoomKit.Emulator.Internal;

/// <summary>The caller of an API request, once its token, scopes and rate limit have passed.</summary>
internal sealed record ApiCaller(EmulatorUser User, AccessTokenInfo Token);

/// <summary>Bearer token (code 124), scopes (4711) and the rate limit, in Zoom's order.</summary>
internal sealed class ApiGate(EmulatorState state, EmulatorClock clock, RateLimits limits)
{
    public IResult? Admit(HttpContext context, RateCategory category, string[] scopes, out ApiCaller caller)
    {
        caller = null!;
        state.Stats.Increment("api_requests");
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return ApiResults.Error(401, 124, "Requires an access token.");
        }
        var token = header[7..].Trim();
        EmulatorUser user;
        lock (state.Gate)
        {
            if (!state.AccessTokens.TryGetValue(token, out var info)
                || (!info.ServerToServer && !state.IsCurrentGrant(info.ClientId, info.UserId, info.Generation)))
            {
                return ApiResults.Error(401, 124, "Invalid access token.");
            }
            if (info.ExpiresAt <= clock.UtcNow)
            {
                return ApiResults.Error(401, 124, "Access token is expired.");
            }
            user = state.UsersById[info.UserId];
            caller = new ApiCaller(user, info);
        }
        state.Stats.Increment("client_api_requests." + caller.Token.ClientId);
        if (!scopes.Any(caller.Token.Scopes.Contains))
        {
            // Zoom answers a missing scope with 400, not 403: seen in many public reports against the live API (ZOOM.md, REST API errors).
            return ApiResults.Error(400, 4711, $"Invalid access token, does not contain scopes:[{string.Join(", ", scopes)}].");
        }
        return limits.TryAcquire(user.AccountId, category, context.Response);
    }
}
