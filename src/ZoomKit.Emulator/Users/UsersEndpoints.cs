using System.Globalization;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Users;

/// <summary><c>GET /v2/users/{userId}</c>: a user-level app reads its own user, as <c>me</c>, id or email.</summary>
internal static class UsersEndpoints
{
    private static readonly string[] ReadScopes = ["user:read", "user:read:admin", "user:read:user", "user:read:user:admin"];

    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/v2/users/{userId}", Get);

    private static IResult Get(HttpContext context, string userId, ApiGate gate, EmulatorState state)
    {
        if (gate.Admit(context, RateCategory.Light, ReadScopes, out var caller) is { } refused)
        {
            return refused;
        }
        EmulatorUser? user;
        lock (state.Gate)
        {
            user = userId == "me" ? caller.User : state.FindUser(userId);
        }
        if (user is null || (user.Id != caller.User.Id && user.AccountId != caller.User.AccountId))
        {
            return ApiResults.Error(404, 1001, $"User does not exist: {userId}.");
        }
        if (user.Id != caller.User.Id && !caller.Token.ServerToServer)
        {
            return ApiResults.Error(400, 200, "Only the signed-in user can be read with a user-level app.");
        }
        return ApiResults.Json(ToJson(user));
    }

    public static JsonObject ToJson(EmulatorUser user)
    {
        var pmi = long.Parse("8" + Math.Abs(user.Id.GetHashCode(StringComparison.Ordinal) % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = user.Id,
            ["first_name"] = user.FirstName,
            ["last_name"] = user.LastName,
            ["display_name"] = $"{user.FirstName} {user.LastName}".Trim(),
            ["email"] = user.Email,
            ["type"] = 2,
            ["role_name"] = "Owner",
            ["pmi"] = pmi,
            ["use_pmi"] = false,
            ["personal_meeting_url"] = $"https://zoom.us/j/{pmi}",
            ["timezone"] = user.Timezone,
            ["verified"] = 1,
            ["dept"] = "",
            ["created_at"] = "2024-01-01T00:00:00Z",
            ["last_login_time"] = "2026-01-01T00:00:00Z",
            ["pic_url"] = "",
            ["language"] = "en-US",
            ["phone_number"] = "",
            ["status"] = "active",
            ["role_id"] = "0",
            ["account_id"] = user.AccountId,
            ["account_number"] = 10000001,
            ["cluster"] = "us05",
            ["user_created_at"] = "2024-01-01T00:00:00Z",
        };
    }
}
