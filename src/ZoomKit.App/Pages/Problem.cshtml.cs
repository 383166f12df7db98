using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ZoomKit.App.Zoom;

namespace ZoomKit.App.Pages;

/// <summary>A plain page for what went wrong, answered with the problem's status; never a stack trace.</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ProblemModel(TimeProvider time) : PageModel
{
    /// <summary>The problem shown.</summary>
    public ZoomProblem Problem { get; private set; } = new(ZoomProblemKind.Unreachable);

    /// <summary>Shows the problem the error filter sent here, or the one the exception handler caught (an unknown exception is "unreachable").</summary>
    public void OnGet(ZoomProblemKind? kind, int seconds)
    {
        var caught = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Problem = caught is not null
            ? ZoomProblem.From(caught, time.GetUtcNow()) ?? new(ZoomProblemKind.Unreachable)
            : new(kind ?? ZoomProblemKind.Unreachable, Math.Max(0, seconds));
        Response.StatusCode = Problem.StatusCode;
    }

    /// <summary>The exception handler re-executes the request with its method.</summary>
    public void OnPost() => OnGet(null, 0);
}
