using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.App.Zoom;

/// <summary>Turns what Zoom can answer into pages a person can act on. Never a stack trace.</summary>
internal sealed partial class ZoomErrorFilter(ILogger<ZoomErrorFilter> logger, TimeProvider time) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not { } exception || executed.ExceptionHandled)
        {
            return;
        }
        var problem = ZoomProblem.From(exception, time.GetUtcNow());
        IActionResult? result = exception is ZoomReauthorizationRequiredException reauth
            ? new RedirectToPageResult("/Reconnect", new { reason = reauth.Reason.ToString() })
            : problem is null ? null : new RedirectToPageResult("/Problem", new { kind = problem.Kind, seconds = problem.Seconds });
        if (result is not null)
        {
            Handled(logger, exception.GetType().Name, context.HttpContext.Request.Path);
            executed.Result = result;
            executed.ExceptionHandled = true;
        }
    }

    [LoggerMessage(4001, LogLevel.Warning, "Zoom error {ErrorType} on {Path} shown as a page")]
    private static partial void Handled(ILogger logger, string errorType, string path);
}

/// <summary>What went wrong with Zoom, in words a person can act on.</summary>
public sealed record ZoomProblem(string Kind, int Seconds, string Title, string Message)
{
    public static ZoomProblem? From(Exception exception, DateTimeOffset now) => exception switch
    {
        ZoomRateLimitException { Type: ZoomRateLimitType.Daily } e => Describe("daily", (int)Math.Ceiling((e.RetryAt - now).TotalSeconds)),
        ZoomRateLimitException e => Describe("busy", Math.Max(1, (int)Math.Ceiling((e.RetryAt - now).TotalSeconds))),
        ZoomOutcomeUnknownException => Describe("unknown", 0),
        ZoomApiException { StatusCode: 404 } => Describe("notfound", 0),
        ZoomApiException { StatusCode: >= 500 } or HttpRequestException or ZoomOAuthException { Error.Kind: OAuthErrorKind.Transient } or TaskCanceledException => Describe("unreachable", 0),
        ZoomTokenStoreException => Describe("store", 0),
        _ => null,
    };

    public static ZoomProblem Describe(string kind, int seconds) => kind switch
    {
        "busy" => new(kind, seconds, "Zoom is busy", $"Zoom limits how often we can ask it for things. Try again in {seconds} seconds."),
        "daily" => new(kind, seconds, "Zoom's daily limit is reached", $"Zoom limits how many meetings you can schedule or change in a day. Try again in {Math.Max(1, seconds / 3600)} hours, after midnight UTC."),
        "unknown" => new(kind, 0, "We could not tell whether Zoom saved that", "Zoom did not answer in time. Look at your meetings before trying again, so that you do not schedule it twice."),
        "notfound" => new(kind, 0, "Meeting not found", "There is no such meeting in your Zoom account."),
        "store" => new(kind, 0, "Something is wrong on our side", "We cannot read your Zoom connection right now. Try again in a moment."),
        _ => new("unreachable", 0, "Zoom cannot be reached", "Zoom is not answering right now. Your meetings are safe; try again in a moment."),
    };
}
