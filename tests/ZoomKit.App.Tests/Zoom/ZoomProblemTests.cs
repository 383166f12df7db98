using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using ZoomKit.App.Zoom;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.App.Tests.Zoom;

/// <summary>The one mapping from what Zoom (or the store) threw to what the person sees, and the filter that applies it.</summary>
public sealed class ZoomProblemTests
{
    private static readonly DateTimeOffset Now = new(2030, 5, 6, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<Exception, ZoomProblemKind, int, int> Cases => new()
    {
        { new ZoomRateLimitException("slow down", ZoomRateLimitType.PerSecond, "light", Now.AddSeconds(2.2), sent: true), ZoomProblemKind.Busy, 429, 3 },
        { new ZoomRateLimitException("today", ZoomRateLimitType.Daily, null, Now.AddHours(5), sent: true), ZoomProblemKind.DailyLimit, 429, 5 * 3600 },
        { new ZoomOutcomeUnknownException("POST /users/me/meetings", new TaskCanceledException()), ZoomProblemKind.OutcomeUnknown, 502, 0 },
        { new ZoomApiException(404, 3001, "Meeting does not exist."), ZoomProblemKind.NotFound, 404, 0 },
        { new ZoomApiException(503, null, "down"), ZoomProblemKind.Unreachable, 503, 0 },
        { new HttpRequestException("refused"), ZoomProblemKind.Unreachable, 503, 0 },
        // A GET past its deadline on every attempt (Zoom:AttemptTimeout).
        { new TimeoutException("Zoom did not answer within 30 s (Zoom:AttemptTimeout)."), ZoomProblemKind.Unreachable, 503, 0 },
        { new ZoomOAuthException(new OAuthError(OAuthErrorKind.Transient, null, 502, "bad gateway")), ZoomProblemKind.Unreachable, 503, 0 },
        { new ZoomTokenStoreException("database down"), ZoomProblemKind.StoreDown, 503, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void From_EachKnownFailure_ItsKindStatusAndWait(Exception exception, ZoomProblemKind kind, int status, int seconds)
    {
        var problem = ZoomProblem.From(exception, Now)!;

        Assert.Equal((kind, status, seconds), (problem.Kind, problem.StatusCode, problem.Seconds));
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.EndsWith(".", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_ABugOrAReconnect_NoProblem()
    {
        Assert.Null(ZoomProblem.From(new InvalidOperationException("bug"), Now));
        Assert.Null(ZoomProblem.From(Reconnect(), Now));
        Assert.Null(ZoomProblem.From(new ZoomApiException(400, 300, "Validation Failed."), Now));
    }

    [Fact]
    public void Messages_SayHowLongToWait()
    {
        Assert.Contains("Try again in 3 seconds.", new ZoomProblem(ZoomProblemKind.Busy, 3).Message, StringComparison.Ordinal);
        Assert.Contains("Try again in 5 hours", new ZoomProblem(ZoomProblemKind.DailyLimit, 5 * 3600).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_Reconnect_GoesToReconnectWithTheReason()
    {
        var result = await FilterAsync(Reconnect());

        var redirect = Assert.IsType<RedirectToPageResult>(result.Result);
        Assert.Equal("/Reconnect", redirect.PageName);
        Assert.Equal("RefreshTokenRejected", redirect.RouteValues!["reason"]);
        Assert.True(result.ExceptionHandled);
    }

    [Fact]
    public async Task Filter_AProblem_GoesToTheProblemPageWithItsTypedKind()
    {
        var result = await FilterAsync(new ZoomRateLimitException("slow down", ZoomRateLimitType.PerSecond, "light", Now.AddSeconds(4), sent: true));

        var redirect = Assert.IsType<RedirectToPageResult>(result.Result);
        Assert.Equal("/Problem", redirect.PageName);
        Assert.Equal(ZoomProblemKind.Busy, redirect.RouteValues!["kind"]);
        Assert.Equal(4, redirect.RouteValues["seconds"]);
    }

    [Fact]
    public async Task Filter_ABug_LeftForTheExceptionHandler()
    {
        var result = await FilterAsync(new InvalidOperationException("bug"));

        Assert.Null(result.Result);
        Assert.False(result.ExceptionHandled);
    }

    private static ZoomReauthorizationRequiredException Reconnect() =>
        new("user-1", new Reauthorization(ReauthorizationReason.RefreshTokenRejected, "invalid_grant", Now));

    private static async Task<PageHandlerExecutedContext> FilterAsync(Exception exception)
    {
        var page = new PageContext(new ActionContext(new DefaultHttpContext(), new RouteData(), new CompiledPageActionDescriptor()));
        var executing = new PageHandlerExecutingContext(page, [], handlerMethod: null, new Dictionary<string, object?>(), handlerInstance: new object());
        var executed = new PageHandlerExecutedContext(page, [], handlerMethod: null, handlerInstance: new object()) { Exception = exception };
        var filter = new ZoomErrorFilter(NullLogger<ZoomErrorFilter>.Instance, new FixedTime(Now));
        await filter.OnPageHandlerExecutionAsync(executing, () => Task.FromResult(executed));
        return executed;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
