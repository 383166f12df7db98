using System.Globalization;
using System.Text.Json.Nodes;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Recordings;

/// <summary>
/// <c>GET /v2/users/{userId}/recordings</c> (Meetings.json, <c>recordingsList</c>): the emulator
/// records nothing, so the list is always empty, with Zoom's envelope, scopes and rate category.
/// An operation ZoomKit does not type, for the calls people send through <c>ZoomClient.SendAsync</c>.
/// </summary>
internal static class RecordingsEndpoints
{
    internal static readonly string[] ReadScopes =
        ["recording:read:admin", "recording:read", "cloud_recording:read:list_user_recordings", "cloud_recording:read:list_user_recordings:master", "cloud_recording:read:list_user_recordings:admin"];

    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/v2/users/{userId}/recordings", List);

    private static IResult List(HttpContext context, string userId, ApiGate gate, EmulatorState state, EmulatorClock clock)
    {
        if (gate.Admit(context, RateCategory.Medium, ReadScopes, out var caller) is { } refused)
        {
            return refused;
        }
        EmulatorUser? user;
        lock (state.Gate)
        {
            user = userId == "me" ? caller.User : state.FindUser(userId);
        }
        if (user is null || (user.Id != caller.User.Id && (!caller.Token.ServerToServer || user.AccountId != caller.User.AccountId)))
        {
            return ApiResults.Error(404, 1001, $"User does not exist: {userId}.");
        }
        // Zoom's defaults: from one day back to today, in UTC dates.
        var today = DateOnly.FromDateTime(clock.UtcNow.UtcDateTime);
        var query = context.Request.Query;
        if (!DateOnly.TryParseExact(query["to"].FirstOrDefault() ?? today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            || !DateOnly.TryParseExact(query["from"].FirstOrDefault() ?? to.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return ApiResults.Error(400, 300, "The from and to dates must be yyyy-mm-dd.");
        }
        var pageSize = int.TryParse(query["page_size"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 300) : 30;
        return ApiResults.Json(new JsonObject
        {
            ["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["page_count"] = 0,
            ["page_size"] = pageSize,
            ["total_records"] = 0,
            ["next_page_token"] = "",
            ["meetings"] = new JsonArray(),
        });
    }
}
