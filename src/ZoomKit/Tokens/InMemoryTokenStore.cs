using System.Collections.Concurrent;

namespace ZoomKit.Tokens;

/// <summary>
/// A token store for one process: tests, and apps that accept reconnecting every user after a
/// restart. Its lock is a per-connection semaphore, so it coordinates one process only.
/// </summary>
public sealed class InMemoryTokenStore : ITokenStore
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lockTimeout;

    /// <summary>Creates an empty store.</summary>
    public InMemoryTokenStore(TimeProvider? timeProvider = null, TimeSpan? lockTimeout = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(60);
    }

    /// <inheritdoc />
    public ValueTask<ZoomConnection?> GetAsync(string connectionId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_slots.TryGetValue(connectionId, out var slot) ? slot.Record : null);

    /// <inheritdoc />
    public async ValueTask<ZoomConnection> SaveAsync(ZoomConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var slot = _slots.GetOrAdd(connection.Id, static _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var stored = connection with { Version = (slot.Record?.Version ?? 0) + 1, UpdatedAt = _time.GetUtcNow() };
            slot.Record = stored;
            return stored;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<ITokenLock> LockAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var slot = _slots.GetOrAdd(connectionId, static _ => new Slot());
        if (!await slot.Gate.WaitAsync(_lockTimeout, cancellationToken))
        {
            throw new ZoomTokenStoreException($"The lock on connection '{connectionId}' was not free within {_lockTimeout.TotalSeconds:0} s.");
        }
        return new Lock(this, slot);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ZoomConnection>> FindByZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoomUserId);
        return ValueTask.FromResult<IReadOnlyList<ZoomConnection>>(
            _slots.Values.Select(s => s.Record).OfType<ZoomConnection>().Where(r => r.ZoomUserId == zoomUserId).ToList());
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        if (!_slots.TryGetValue(connectionId, out var slot))
        {
            return false;
        }
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var existed = slot.Record is not null;
            slot.Record = null;
            return existed;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public volatile ZoomConnection? Record;
    }

    private sealed class Lock(InMemoryTokenStore store, Slot slot) : ITokenLock
    {
        private bool _released;

        public ZoomConnection? Current { get; private set; } = slot.Record;

        public ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default)
        {
            Current = slot.Record;
            return ValueTask.FromResult(Current);
        }

        public ValueTask<ZoomConnection?> TryReplaceAsync(ZoomConnection replacement, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(replacement);
            ObjectDisposedException.ThrowIf(_released, this);
            var stored = slot.Record;
            if (stored is null || stored.Version != Current?.Version)
            {
                Release();
                return ValueTask.FromResult<ZoomConnection?>(null);
            }
            var written = replacement with { Version = stored.Version + 1, UpdatedAt = store._time.GetUtcNow() };
            slot.Record = written;
            Current = written;
            Release();
            return ValueTask.FromResult<ZoomConnection?>(written);
        }

        public ValueTask DisposeAsync()
        {
            Release();
            return ValueTask.CompletedTask;
        }

        private void Release()
        {
            if (!_released)
            {
                _released = true;
                slot.Gate.Release();
            }
        }
    }
}
