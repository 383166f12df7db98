// A minimal API where each user connects their Zoom account ("Sign in with Zoom") and schedules,
// lists and deletes their meetings. Zoom's tokens stay in ZoomKit's store (SQLite here); the cookie
// carries who the user is, nothing more.
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using ZoomKit.AspNetCore.Authentication;
using ZoomKit.DependencyInjection;
using ZoomKit.Http;
using ZoomKit.Meetings;
using ZoomKit.Storage.Sqlite;
using ZoomKit.Tokens;
using ZoomKit.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddZoomKit(builder.Configuration.GetSection("Zoom"))
    .UseSqliteTokenStore(o => o.DatabasePath = builder.Configuration["Sample:TokenDatabase"] ?? Path.Combine(builder.Environment.ContentRootPath, "tokens.db"));
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/login";
        o.Events.OnValidatePrincipal = ZoomSessionValidation.ValidatePrincipalAsync;
    })
    .AddZoom();
builder.Services.AddAuthorization();
builder.Services.AddProblemDetails();
if (builder.Configuration["Zoom:WebhookSecretToken"] is { Length: > 0 } secret)
{
    builder.Services.AddSingleton(new ZoomWebhookVerifier(secret));
}

var app = builder.Build();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
    ? $"Signed in with Zoom as {user.FindFirstValue(ClaimTypes.Name)}. GET /meetings lists your meetings; POST /meetings schedules one."
    : "Not signed in: open /login to connect your Zoom account.");
app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [ZoomAuthenticationDefaults.AuthenticationScheme]));
app.MapPost("/logout", () => Results.SignOut(authenticationSchemes: [CookieAuthenticationDefaults.AuthenticationScheme]));

var meetings = app.MapGroup("/meetings").RequireAuthorization().AddEndpointFilter(ZoomErrors);
meetings.MapGet("/", async (ClaimsPrincipal user, ZoomClientFactory zoom, CancellationToken ct) =>
{
    var page = await Zoom(zoom, user).Meetings.ListAsync(new MeetingListOptions { Type = "upcoming" }, ct);
    return page.Meetings.Select(m => new { m.Id, m.Topic, m.StartTime, m.Duration });
});
meetings.MapPost("/", async (NewMeeting input, ClaimsPrincipal user, ZoomClientFactory zoom, CancellationToken ct) =>
{
    if (string.IsNullOrWhiteSpace(input.Topic) || input.Duration is < 1 or > 1440)
    {
        return Results.ValidationProblem(new Dictionary<string, string[]>
        {
            ["topic"] = string.IsNullOrWhiteSpace(input.Topic) ? ["A topic is required."] : [],
            ["duration"] = input.Duration is < 1 or > 1440 ? ["The duration is 1 to 1440 minutes."] : [],
        });
    }
    var created = await Zoom(zoom, user).Meetings.CreateAsync(new MeetingCreateRequest
    {
        Topic = input.Topic,
        Type = MeetingType.Scheduled,
        StartTime = input.StartTime,
        Duration = input.Duration,
    }, cancellationToken: ct);
    return Results.Created($"/meetings/{created.Id}", new { created.Id, created.Topic, created.StartTime, created.JoinUrl });
});
meetings.MapDelete("/{id:long}", async (long id, ClaimsPrincipal user, ZoomClientFactory zoom, CancellationToken ct) =>
{
    await Zoom(zoom, user).Meetings.DeleteAsync(id, cancellationToken: ct);
    return Results.NoContent();
});

if (app.Services.GetService<ZoomWebhookVerifier>() is { } verifier)
{
    // Zoom's rule: when a user removes the app, forget their tokens.
    app.MapZoomWebhooks("/zoom/webhook", verifier, async (webhook, context) =>
    {
        if (webhook.Deauthorized is { UserId: { Length: > 0 } userId } deauthorized)
        {
            await context.RequestServices.GetRequiredService<ZoomTokenManager>().ForgetZoomUserAsync(userId, deauthorized.DeauthorizationTime, context.RequestAborted);
        }
    });
}

app.Run();

// The connection id of a signed-in user is their Zoom user id.
static ZoomClient Zoom(ZoomClientFactory zoom, ClaimsPrincipal user) => zoom.CreateClient(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

// Zoom's refusals as HTTP problems: a connection that needs the user again is a 401 with the way back.
static async ValueTask<object?> ZoomErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
{
    try
    {
        return await next(context);
    }
    catch (ZoomReauthorizationRequiredException)
    {
        return Results.Problem("Your Zoom connection has ended: sign in again at /login.", statusCode: StatusCodes.Status401Unauthorized);
    }
    catch (ZoomApiException e)
    {
        return Results.Problem(e.Message, statusCode: e.StatusCode is >= 400 and < 500 ? (int)e.StatusCode : StatusCodes.Status502BadGateway);
    }
}

internal sealed record NewMeeting(string Topic, DateTimeOffset StartTime, int Duration);
