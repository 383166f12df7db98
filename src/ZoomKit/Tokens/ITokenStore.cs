namespace ZoomKit.Tokens;

/// <summary>
/// Where connections live between processes and restarts. Implementations encrypt tokens at rest
/// and make <see cref="LockAsync"/> exclusive across every process that shares the store.
/// </summary>
public interface ITokenStore
{
    /// <summary>Reads a connection without locking it; <see langword="null"/> if there is none.</summary>
    ValueTask<ZoomConnection?> GetAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new authorization, replacing whatever the connection held (any status) with a
    /// version one higher. Only authorization takes this path; refreshes use <see cref="LockAsync"/>.
    /// </summary>
    /// <returns>The record as stored, with its version.</returns>
    ValueTask<ZoomConnection> SaveAsync(ZoomConnection connection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the connection's exclusive lock, held across processes until the returned lock is
    /// disposed, and reads the record under it. Waits at most the store's lock timeout.
    /// </summary>
    /// <exception cref="ZoomTokenStoreException">The lock could not be had in time, or the store failed.</exception>
    ValueTask<ITokenLock> LockAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the connection's lock if no one holds it. If another caller holds it, waits until they
    /// let it go and returns <see langword="null"/> without taking it: a refresh that waited reads
    /// what the holder wrote before it takes the lock itself, so the callers that only adopt the
    /// holder's tokens (in a storm, every process but one) do not queue for the lock one after
    /// another. Waits at most the store's lock timeout. The default takes the lock, waiting for it.
    /// </summary>
    /// <exception cref="ZoomTokenStoreException">The lock stayed held beyond the timeout, or the store failed.</exception>
    async ValueTask<ITokenLock?> TryLockAsync(string connectionId, CancellationToken cancellationToken = default) =>
        await LockAsync(connectionId, cancellationToken);

    /// <summary>
    /// The connections of a Zoom user (in any application's ids), for <c>app_deauthorized</c>, which
    /// names the Zoom user and account, not the application's connection id.
    /// </summary>
    ValueTask<IReadOnlyList<ZoomConnection>> FindByZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a connection. Never called on the refresh path.</summary>
    /// <returns>Whether there was one.</returns>
    ValueTask<bool> DeleteAsync(string connectionId, CancellationToken cancellationToken = default);
}

/// <summary>A held connection lock: the record as read under it, and the writes allowed while holding it.</summary>
public interface ITokenLock : IAsyncDisposable
{
    /// <summary>The record when the lock was taken or last reloaded; <see langword="null"/> if there is none.</summary>
    ZoomConnection? Current { get; }

    /// <summary>Reads the record again under the lock.</summary>
    ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="replacement"/> if the stored version is still <see cref="Current"/>'s
    /// (compare-and-swap), with the version one higher, and makes it durable before returning.
    /// The lock ends with the write.
    /// </summary>
    /// <returns>The stored record, or <see langword="null"/> when the version had moved.</returns>
    ValueTask<ZoomConnection?> TryReplaceAsync(ZoomConnection replacement, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records durably, before the request leaves, that a refresh with the refresh token of this
    /// hash is being sent, so that if this process dies with the answer in flight, the next one can
    /// tell a lost answer from a revoked token. Stores that cannot write outside the lock's own
    /// transaction (SQLite) keep nothing: a process that dies there leaves "rejected" as the reason.
    /// </summary>
    ValueTask RecordRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Forgets an attempt whose outcome is known (Zoom answered).</summary>
    ValueTask CompleteRefreshAttemptAsync(string attemptId, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Whether another attempt, whose outcome nobody learned, sent the refresh token of this hash.</summary>
    ValueTask<bool> HasUnfinishedRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);
}
