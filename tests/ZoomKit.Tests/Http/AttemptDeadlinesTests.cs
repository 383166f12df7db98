using ZoomKit.Http.Internal;

namespace ZoomKit.Tests.Http;

/// <summary>The attempts that start together share one deadline token, so a stream of calls does not arm a timer each.</summary>
public sealed class AttemptDeadlinesTests
{
    [Fact]
    public void AThousandAttemptsInARow_ShareAFewDeadlines_NoneCancelledBeforeTheTimeout()
    {
        var deadlines = new AttemptDeadlines(TimeSpan.FromMinutes(5));

        var tokens = Enumerable.Range(0, 1000).Select(_ => deadlines.Next()).ToList();

        // One per tenth of a second the loop took: a handful even on a loaded machine, never one per attempt.
        Assert.InRange(tokens.Distinct().Count(), 1, 100);
        Assert.All(tokens, token => Assert.True(token.CanBeCanceled && !token.IsCancellationRequested));
    }
}
