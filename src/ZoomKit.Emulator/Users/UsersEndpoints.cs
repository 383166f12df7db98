using System.Globalization;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Users;

/// <summary><c>GET /v2/users/{userId}</c> (a user-level app reads its own user, as <c>me</c>, id or email) and <c>GET /v2/users</c>.</summary>
internal static class UsersEndpoints
{
    // Users.json, GET /users/{userId}, security.openapi_oauth.
    private static readonly string[] ReadScopes = ["user:read", "user:write", "user:read:admin", "user:write:admin", "user_profile", "user_info:read", "user:read:user", "user:read:user:admin"];

    // Users.json, GET /users, security.openapi_oauth.
    private static readonly string[] ListScopes = ["user:read", "user:write", "user:read:admin", "user:write:admin", "user:read:list_users:admin"];

    private static readonly TimeSpan PageTokenLifetime = TimeSpan.FromMinutes(15);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/users/{userId}", Get);
        routes.MapGet("/v2/users", List);
    }

    /// <summary>
    /// <c>GET /users</c>: the caller's account's users, <c>page_size</c> (1–2000, default 30) at a time
    /// with <c>next_page_token</c> (15 minutes, as Zoom's). For an admin: a server-to-server token, or a
    /// user-level one whose user is the account's owner or an admin (Zoom answers a member code 200).
    /// </summary>
    private static IResult List(HttpContext context, ApiGate gate, EmulatorState state, EmulatorClock clock)
    {
        if (gate.Admit(context, RateCategory.Medium, ListScopes, out var caller) is { } refused)
        {
            return refused;
        }
        if (!caller.Token.ServerToServer && !caller.User.IsAdmin)
        {
            return ApiResults.Error(400, 200, "No permission.");
        }
        var query = context.Request.Query;
        var status = query["status"].FirstOrDefault() ?? "active";
        if (status is not ("active" or "inactive" or "pending"))
        {
            return ApiResults.Validation([("status", "Invalid field.")]);
        }
        var pageSize = 30;
        if (query["page_size"].FirstOrDefault() is { } sizeText
            && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 2000))
        {
            return ApiResults.Validation([("page_size", "Invalid field.")]);
        }
        var now = clock.UtcNow;
        var token = query["next_page_token"].FirstOrDefault();
        lock (state.Gate)
        {
            // Every emulated user is active; the order is fixed for a cursor's life (users change only on reset).
            var users = status == "active"
                ? state.UsersById.Values.Where(u => u.AccountId == caller.User.AccountId).OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase).ToArray()
                : [];
            var offset = 0;
            var cursorKey = "users:" + caller.User.AccountId;
            if (!string.IsNullOrEmpty(token))
            {
                if (!state.PageCursors.Remove(token, out var cursor) || cursor.ExpiresAt <= now || cursor.HostId != cursorKey || cursor.QueryKey != status)
                {
                    return ApiResults.Error(400, 300, "The next page token is invalid or expired.");
                }
                offset = cursor.Given;
            }
            var end = Math.Min(users.Length, offset + pageSize);
            var next = "";
            if (end < users.Length)
            {
                next = Ids.Alnum(32);
                state.Purge(now);
                state.PageCursors[next] = new PageCursor(cursorKey, status, end, users.Length, null, now + PageTokenLifetime);
            }
            return ApiResults.Json(new JsonObject
            {
                ["page_count"] = (users.Length + pageSize - 1) / pageSize,
                ["page_size"] = pageSize,
                ["total_records"] = users.Length,
                ["next_page_token"] = next,
                ["users"] = new JsonArray([.. users[offset..end].Select(u => (JsonNode)ToListItem(u))]),
            });
        }
    }

    private static JsonObject ToListItem(EmulatorUser user)
    {
        var full = ToJson(user);
        var item = new JsonObject();
        foreach (var name in (string[])["id", "first_name", "last_name", "display_name", "email", "type", "pmi", "timezone", "verified", "dept", "created_at", "user_created_at", "last_login_time", "status", "role_id"])
        {
            item[name] = full[name]?.DeepClone();
        }
        return item;
    }

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
            ["role_name"] = user.Role,
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
            ["role_id"] = user.Role switch { "Owner" => "0", "Admin" => "1", _ => "2" },
            ["account_id"] = user.AccountId,
            ["account_number"] = 10000001,
            ["cluster"] = "us05",
            ["user_created_at"] = "2024-01-01T00:00:00Z",
        };
    }
}
