using Microsoft.AspNetCore.Mvc.RazorPages;
using ZoomKit.App.Zoom;

namespace ZoomKit.App.Pages;

/// <summary>A plain page for what went wrong; never a stack trace.</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ProblemModel : PageModel
{
    /// <summary>The problem shown.</summary>
    public ZoomProblem Problem { get; private set; } = ZoomProblem.Describe("unreachable", 0);

    /// <summary>Shows a problem by kind, or the one the exception handler caught.</summary>
    public void OnGet(string? kind, int seconds)
    {
        var caught = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        Problem = caught is not null && ZoomProblem.From(caught, DateTimeOffset.UtcNow) is { } known ? known : ZoomProblem.Describe(kind ?? "unreachable", seconds);
        kind = Problem.Kind;
        Response.StatusCode = kind switch { "busy" or "daily" => 429, "notfound" => 404, "unknown" => 502, _ => 503 };
    }

    /// <summary>The exception handler re-executes the request with its method.</summary>
    public void OnPost() => OnGet("unreachable", 0);
}
