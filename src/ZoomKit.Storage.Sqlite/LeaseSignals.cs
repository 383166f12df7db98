using System.Collections.Concurrent;

namespace ZoomKit.Storage.Sqlite;

/// <summary>
/// Wakes the callers of this process that wait for a connection's lease when it is given back, so
/// that in-process waiters do not sleep out their polling pause. Waiting never blocks a thread.
/// </summary>
internal sealed class LeaseSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _released = new(StringComparer.Ordinal);

    /// <summary>Returns when the lease of <paramref name="connectionId"/> is given back here, or after <paramref name="pause"/>.</summary>
    public async Task WaitAsync(string connectionId, TimeSpan pause, CancellationToken cancellationToken)
    {
        var released = _released.GetOrAdd(connectionId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await released.Task.WaitAsync(pause, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Wakes every waiter of <paramref name="connectionId"/>; later waiters wait for the next release.</summary>
    public void Signal(string connectionId)
    {
        if (_released.TryRemove(connectionId, out var released))
        {
            released.TrySetResult();
        }
    }
}
