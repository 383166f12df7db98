namespace ZoomKit.Tokens.Internal;

/// <summary>
/// One named app's view of the shared token store: its connections are kept under <c>{app}/{id}</c>,
/// so that two apps may each have a connection called "alice" (their tokens are different grants),
/// and an app finds, refreshes and deletes only its own. The app sees its ids unprefixed.
/// </summary>
internal sealed class AppTokenStore(ITokenStore inner, string app) : ITokenStore
{
    private readonly string _prefix = app + "/";

    public async ValueTask<ZoomConnection?> GetAsync(string connectionId, CancellationToken cancellationToken = default) =>
        Unwrap(await inner.GetAsync(_prefix + connectionId, cancellationToken));

    public async ValueTask<ZoomConnection> SaveAsync(ZoomConnection connection, CancellationToken cancellationToken = default) =>
        Unwrap(await inner.SaveAsync(Wrap(connection), cancellationToken))!;

    public async ValueTask<ITokenLock> LockAsync(string connectionId, CancellationToken cancellationToken = default) =>
        new AppTokenLock(await inner.LockAsync(_prefix + connectionId, cancellationToken), this);

    public async ValueTask<ITokenLock?> TryLockAsync(string connectionId, CancellationToken cancellationToken = default) =>
        await inner.TryLockAsync(_prefix + connectionId, cancellationToken) is { } held ? new AppTokenLock(held, this) : null;

    public async ValueTask<IReadOnlyList<ZoomConnection>> FindByZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default) =>
        [.. (await inner.FindByZoomUserAsync(zoomUserId, cancellationToken)).Where(c => c.Id.StartsWith(_prefix, StringComparison.Ordinal)).Select(c => Unwrap(c)!)];

    public ValueTask<bool> DeleteAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(_prefix + connectionId, cancellationToken);

    private ZoomConnection Wrap(ZoomConnection connection) => connection with { Id = _prefix + connection.Id };

    private ZoomConnection? Unwrap(ZoomConnection? connection) =>
        connection is null ? null : connection with { Id = connection.Id[_prefix.Length..] };

    private sealed class AppTokenLock(ITokenLock inner, AppTokenStore store) : ITokenLock
    {
        public ZoomConnection? Current => store.Unwrap(inner.Current);

        public async ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default) =>
            store.Unwrap(await inner.ReloadAsync(cancellationToken));

        public async ValueTask<ZoomConnection?> TryReplaceAsync(ZoomConnection replacement, CancellationToken cancellationToken = default) =>
            store.Unwrap(await inner.TryReplaceAsync(store.Wrap(replacement), cancellationToken));

        public ValueTask RecordRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            inner.RecordRefreshAttemptAsync(attemptId, refreshTokenHash, cancellationToken);

        public ValueTask CompleteRefreshAttemptAsync(string attemptId, CancellationToken cancellationToken = default) =>
            inner.CompleteRefreshAttemptAsync(attemptId, cancellationToken);

        public ValueTask<bool> HasUnfinishedRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            inner.HasUnfinishedRefreshAttemptAsync(attemptId, refreshTokenHash, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
