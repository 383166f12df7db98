namespace ZoomKit.Storage.Sqlite;

/// <summary>
/// The callers of this process that wait for connections' refresh leases. A release in this process
/// wakes its waiters at once. Another process's release is seen by one look at the file's leases for
/// all the process's waiters together, every few milliseconds while anyone waits, instead of a look
/// by each waiter: in a storm, a process waits on many leases at once, and looks each its own would
/// take the cores that the refreshes they wait for need. Waiting never blocks a thread.
/// </summary>
/// <param name="readHeld">The connections whose lease is held now.</param>
internal sealed class LeaseWaits(Func<Task<IReadOnlySet<string>>> readHeld)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(3);
    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private bool _looking;

    /// <summary>
    /// Returns when the lease of <paramref name="connectionId"/> is given back or runs out, or after
    /// <paramref name="longest"/> (the caller then looks itself, which also tells a dead holder).
    /// </summary>
    public async Task WaitAsync(string connectionId, TimeSpan longest, CancellationToken cancellationToken)
    {
        TaskCompletionSource? released;
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(connectionId, out released))
            {
                released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(connectionId, released);
            }
            if (!_looking)
            {
                _looking = true;
                _ = LookAsync();
            }
        }
        try
        {
            await released.Task.WaitAsync(longest, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Wakes every waiter of <paramref name="connectionId"/>: its lease was given back in this process.</summary>
    public void Signal(string connectionId)
    {
        TaskCompletionSource? released;
        lock (_waiting)
        {
            if (!_waiting.Remove(connectionId, out released))
            {
                return;
            }
        }
        released.TrySetResult();
    }

    // One look for every waiter of the process, while there are any.
    private async Task LookAsync()
    {
        while (true)
        {
            await Task.Delay(Tick);
            IReadOnlySet<string>? held = null;
            try
            {
                held = await readHeld();
            }
            catch (Exception e) when (e is ZoomKit.Tokens.ZoomTokenStoreException or Microsoft.Data.Sqlite.SqliteException)
            {
                // The file cannot be read now: the waiters look themselves after their longest wait.
            }
            var woken = new List<TaskCompletionSource>();
            bool stop;
            lock (_waiting)
            {
                if (held is not null)
                {
                    foreach (var (connectionId, released) in _waiting)
                    {
                        if (!held.Contains(connectionId))
                        {
                            woken.Add(released);
                            _waiting.Remove(connectionId);
                        }
                    }
                }
                stop = _waiting.Count == 0;
                _looking = !stop;
            }
            foreach (var released in woken)
            {
                released.TrySetResult();
            }
            if (stop)
            {
                return;
            }
        }
    }
}
