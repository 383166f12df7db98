using ZoomKit.Emulator.Internal;
using ZoomKit.Emulator.Webhooks;

namespace ZoomKit.Emulator.Meetings;

/// <summary>
/// The pages behind <c>join_url</c> and <c>start_url</c>. Opening the start link starts the meeting
/// (<c>status</c> "started", <c>meeting.started</c> sent); "End meeting" on that page ends it
/// (<c>status</c> "waiting", <c>meeting.ended</c> sent), as the host's Zoom client would.
/// </summary>
internal static class MeetingPages
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/j/{meetingId}", Join);
        routes.MapGet("/s/{meetingId}", Start);
        // The start link's zak is the proof of hosting, so the form needs no other token.
        routes.MapPost("/s/{meetingId}/end", End).DisableAntiforgery();
    }

    /// <summary>Starts a meeting that is not running: its status and the webhook. False when there is no such meeting.</summary>
    public static bool TryStart(EmulatorState state, WebhookDispatcher webhooks, long id, DateTimeOffset now) => Transition(state, webhooks, id, now, live: true);

    /// <summary>Ends a running meeting. False when there is no such meeting.</summary>
    public static bool TryEnd(EmulatorState state, WebhookDispatcher webhooks, long id, DateTimeOffset now) => Transition(state, webhooks, id, now, live: false);

    private static bool Transition(EmulatorState state, WebhookDispatcher webhooks, long id, DateTimeOffset now, bool live)
    {
        System.Text.Json.Nodes.JsonObject body;
        EmulatorUser? host;
        lock (state.Gate)
        {
            if (!state.Meetings.TryGetValue(id, out var meeting))
            {
                return false;
            }
            var running = meeting.Body["status"]?.GetValue<string>() == "started";
            if (running == live)
            {
                // Already so: Zoom sends nothing for a start of a running meeting.
                return true;
            }
            meeting.Body["status"] = live ? "started" : "waiting";
            body = (System.Text.Json.Nodes.JsonObject)meeting.Body.DeepClone();
            host = state.UsersById.GetValueOrDefault(meeting.HostId);
        }
        if (host is not null)
        {
            if (live)
            {
                webhooks.MeetingStarted(host, body, now);
            }
            else
            {
                webhooks.MeetingEnded(host, body, now);
            }
        }
        return true;
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

    private static IResult Start(HttpContext context, string meetingId, EmulatorState state, EmulatorClock clock, WebhookDispatcher webhooks)
    {
        var zak = context.Request.Query["zak"].ToString();
        if (!HostOf(state, clock, meetingId, zak, out var id, out var topic))
        {
            return Pages.Html.Error("Start link expired", "This start link is not valid or has expired (they last 2 hours). Open the meeting from your app again.", 403);
        }
        TryStart(state, webhooks, id, clock.UtcNow);
        return Pages.Html.Page("Started", $"""
            <h1>{Pages.Html.Encode(topic)}</h1><p>You started meeting {id} as its host in the Zoom emulator.</p>
            <form method="post" action="/s/{id}/end"><input type="hidden" name="zak" value="{Pages.Html.Encode(zak)}"><button type="submit">End meeting</button></form>
            """);
    }

    private static async Task<IResult> End(HttpContext context, string meetingId, EmulatorState state, EmulatorClock clock, WebhookDispatcher webhooks)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!HostOf(state, clock, meetingId, form["zak"].ToString(), out var id, out var topic))
        {
            return Pages.Html.Error("Start link expired", "This start link is not valid or has expired (they last 2 hours). Open the meeting from your app again.", 403);
        }
        TryEnd(state, webhooks, id, clock.UtcNow);
        return Pages.Html.Page("Ended", $"<h1>{Pages.Html.Encode(topic)}</h1><p>Meeting {id} has ended.</p>");
    }

    /// <summary>Whether <paramref name="zak"/> is a live start token of this meeting.</summary>
    private static bool HostOf(EmulatorState state, EmulatorClock clock, string meetingId, string zak, out long id, out string? topic)
    {
        topic = null;
        lock (state.Gate)
        {
            if (!long.TryParse(meetingId, out id) || !state.Meetings.TryGetValue(id, out var meeting)
                || !state.StartTokens.TryGetValue(zak, out var start) || start.MeetingId != id || start.ExpiresAt <= clock.UtcNow)
            {
                return false;
            }
            topic = meeting.Body["topic"]?.GetValue<string>();
            return true;
        }
    }
}
