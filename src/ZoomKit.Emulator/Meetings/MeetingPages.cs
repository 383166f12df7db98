using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Meetings;

/// <summary>The pages behind <c>join_url</c> and <c>start_url</c>.</summary>
internal static class MeetingPages
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/j/{meetingId}", Join);
        routes.MapGet("/s/{meetingId}", Start);
    }

    private static IResult Join(string meetingId, EmulatorState state)
    {
        lock (state.Gate)
        {
            return long.TryParse(meetingId, out var id) && state.Meetings.TryGetValue(id, out var meeting)
                ? Pages.Html.Page("Joined", $"<h1>{Pages.Html.Encode(meeting.Body["topic"]?.GetValue<string>())}</h1><p>You joined meeting {id} in the Zoom emulator.</p>")
                : Pages.Html.Error("Meeting not found", "This meeting does not exist.", 404);
        }
    }

    private static IResult Start(HttpContext context, string meetingId, EmulatorState state, EmulatorClock clock)
    {
        var zak = context.Request.Query["zak"].ToString();
        lock (state.Gate)
        {
            if (!long.TryParse(meetingId, out var id) || !state.Meetings.TryGetValue(id, out var meeting)
                || !state.StartTokens.TryGetValue(zak, out var start) || start.MeetingId != id || start.ExpiresAt <= clock.UtcNow)
            {
                return Pages.Html.Error("Start link expired", "This start link is not valid or has expired (they last 2 hours). Open the meeting from your app again.", 403);
            }
            meeting.Body["status"] = "started";
            return Pages.Html.Page("Started", $"<h1>{Pages.Html.Encode(meeting.Body["topic"]?.GetValue<string>())}</h1><p>You started meeting {id} as its host in the Zoom emulator.</p>");
        }
    }
}
