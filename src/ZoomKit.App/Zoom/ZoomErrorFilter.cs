using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.App.Zoom;

/// <summary>
/// Turns what Zoom can answer into pages a person can act on, never a stack trace: a connection that
/// needs the person goes to Reconnect, a <see cref="ZoomProblem"/> to the Problem page (its kind typed in
/// the address, so a reload shows it again); anything else is a bug for the exception handler.
/// </summary>
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
        IActionResult? result = exception is ZoomReauthorizationRequiredException reauth
            ? new RedirectToPageResult("/Reconnect", new { reason = reauth.Reason.ToString() })
            : ZoomProblem.From(exception, time.GetUtcNow()) is { } problem ? new RedirectToPageResult("/Problem", new { kind = problem.Kind, seconds = problem.Seconds }) : null;
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

/// <summary>The kinds of trouble with Zoom a person can meet, each with its page, status and words.</summary>
public enum ZoomProblemKind
{
    /// <summary>Zoom's per-second limit: try again in a few seconds.</summary>
    Busy,
    /// <summary>Zoom's daily limit of meeting writes: try again tomorrow (UTC).</summary>
    DailyLimit,
    /// <summary>A write Zoom may or may not have done (no answer in time).</summary>
    OutcomeUnknown,
    /// <summary>No such meeting in the person's account.</summary>
    NotFound,
    /// <summary>Zoom is not answering.</summary>
    Unreachable,
    /// <summary>The app's token store is not answering.</summary>
    StoreDown,
}

/// <summary>
/// What went wrong with Zoom, in words a person can act on, and the HTTP status its page answers
/// with. <see cref="From"/> is the one place an exception is judged: the error filter, the forms and
/// the calendar feed all ask it.
/// </summary>
public sealed record ZoomProblem(ZoomProblemKind Kind, int Seconds = 0)
{
    /// <summary>The problem an exception means, or null when it is not one a person can act on (a bug, or a reconnect: see <see cref="ZoomErrorFilter"/>).</summary>
    public static ZoomProblem? From(Exception exception, DateTimeOffset now) => exception switch
    {
        ZoomRateLimitException { Type: ZoomRateLimitType.Daily } e => new(ZoomProblemKind.DailyLimit, (int)Math.Ceiling((e.RetryAt - now).TotalSeconds)),
        ZoomRateLimitException e => new(ZoomProblemKind.Busy, Math.Max(1, (int)Math.Ceiling((e.RetryAt - now).TotalSeconds))),
        ZoomOutcomeUnknownException => new(ZoomProblemKind.OutcomeUnknown),
        ZoomApiException { StatusCode: 404 } => new(ZoomProblemKind.NotFound),
        // TimeoutException: every attempt passed its deadline (Zoom:AttemptTimeout).
        ZoomApiException { StatusCode: >= 500 } or HttpRequestException or TimeoutException or ZoomOAuthException { Error.Kind: OAuthErrorKind.Transient } or TaskCanceledException => new(ZoomProblemKind.Unreachable),
        ZoomTokenStoreException => new(ZoomProblemKind.StoreDown),
        _ => null,
    };

    /// <summary>The status its page answers with.</summary>
    public int StatusCode => Kind switch
    {
        ZoomProblemKind.Busy or ZoomProblemKind.DailyLimit => StatusCodes.Status429TooManyRequests,
        ZoomProblemKind.NotFound => StatusCodes.Status404NotFound,
        ZoomProblemKind.OutcomeUnknown => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The page's heading.</summary>
    public string Title => Kind switch
    {
        ZoomProblemKind.Busy => "Zoom is busy",
        ZoomProblemKind.DailyLimit => "Zoom's daily limit is reached",
        ZoomProblemKind.OutcomeUnknown => "We could not tell whether Zoom saved that",
        ZoomProblemKind.NotFound => "Meeting not found",
        ZoomProblemKind.StoreDown => "Something is wrong on our side",
        _ => "Zoom cannot be reached",
    };

    /// <summary>What happened and what to do.</summary>
    public string Message => Kind switch
    {
        ZoomProblemKind.Busy => $"Zoom limits how often we can ask it for things. Try again in {Seconds} seconds.",
        ZoomProblemKind.DailyLimit => $"Zoom limits how many meetings you can schedule or change in a day. Try again in {Math.Max(1, Seconds / 3600)} hours, after midnight UTC.",
        ZoomProblemKind.OutcomeUnknown => "Zoom did not answer in time. Look at your meetings before trying again, so that you do not schedule it twice.",
        ZoomProblemKind.NotFound => "There is no such meeting in your Zoom account.",
        ZoomProblemKind.StoreDown => "We cannot read your Zoom connection right now. Try again in a moment.",
        _ => "Zoom is not answering right now. Your meetings are safe; try again in a moment.",
    };

    /// <summary>Title and message as one sentence, for the top of a form that stays as typed.</summary>
    public string Sentence => $"{Title}. {Message}";
}
