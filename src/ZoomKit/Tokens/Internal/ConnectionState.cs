namespace ZoomKit.Tokens.Internal;

internal sealed record PendingWrite(ZoomConnection Basis, ZoomConnection Replacement);

/// <summary>A token, and whether a refresh made just now issued it (rather than the cache or the store).</summary>
internal readonly record struct RefreshOutcome(ZoomAccessToken Token, bool Renewed);

/// <summary>What this process knows of one connection: its cached token, tokens Zoom issued that the store has yet to keep, the shared refresh in flight, and the backoff after failures.</summary>
internal sealed class ConnectionState
{
    private int _failures;

    public volatile ZoomAccessToken? Token;
    public volatile PendingWrite? Unpersisted;
    public Task<RefreshOutcome>? Refresh;

    /// <summary>
    /// The access token Zoom last refused (401 code 124): state of the connection, not an argument of
    /// the shared refresh, so that a refusal reported while a refresh runs is seen by it too.
    /// </summary>
    public volatile string? RefusedToken;

    public DateTimeOffset RetryAt { get; private set; }

    public DateTimeOffset RecordFailure(DateTimeOffset now, TimeSpan first, TimeSpan max)
    {
        var failures = Interlocked.Increment(ref _failures);
        var delay = TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks << Math.Min(failures - 1, 20)));
        RetryAt = now + delay;
        return RetryAt;
    }

    public void ResetFailures()
    {
        Interlocked.Exchange(ref _failures, 0);
        RetryAt = default;
    }
}
