namespace ZoomKit.Tokens;

/// <summary>
/// The skeleton of a store's lock, written once for every store author: the record read under the
/// lock, and a release that happens exactly once, whether the lock is disposed, a write succeeded or
/// a write failed. A store supplies the reads, the write, and what releasing means for it.
/// </summary>
public abstract class TokenLockBase : ITokenLock
{
    /// <summary>Creates the lock over the record read when it was taken.</summary>
    protected TokenLockBase(ZoomConnection? current) => Current = current;

    /// <inheritdoc />
    public ZoomConnection? Current { get; protected set; }

    /// <summary>Whether the lock was released; nothing more may be done with it.</summary>
    protected bool IsFinished { get; private set; }

    /// <inheritdoc />
    public abstract ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract ValueTask<ZoomConnection?> TryReplaceAsync(ZoomConnection replacement, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public virtual ValueTask RecordRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public virtual ValueTask CompleteRefreshAttemptAsync(string attemptId, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public virtual ValueTask<bool> HasUnfinishedRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FinishAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the lock, once.</summary>
    protected async Task FinishAsync()
    {
        if (IsFinished)
        {
            return;
        }
        IsFinished = true;
        await ReleaseAsync();
    }

    /// <summary>What releasing means for the store: end the transaction, close the connection, free the slot.</summary>
    protected abstract ValueTask ReleaseAsync();
}
