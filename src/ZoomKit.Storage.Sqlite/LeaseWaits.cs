namespace ZoomKit.Storage.Sqlite;

/// <summary>
/// The callers of this process that wait for connections' refresh leases. A release in this process
/// wakes its waiters at once. Another process's release is seen by one look at the file's leases for
/// all the process's waiters together, while anyone waits, instead of a look by each waiter: in a
/// storm, a process waits on many leases at once, and looks each its own would take the cores that
/// the refreshes they wait for need. Waiting never blocks a thread.
/// <para>
/// The pause between looks grows with the wait: 3 ms at first, then a quarter of the wait so far of
/// the waiter that began last, up to 50 ms; a new waiter brings the next look within 3 ms again. A
/// refresh against the emulator on loopback takes a few milliseconds and is looked for every 3 ms;
/// one across the internet to Zoom takes a hundred or more, and looks every 3 ms through all of it
/// cost the waiting processes more CPU than the refreshes they wait for. So a waiter learns of a
/// release late by at most a quarter of its own wait (and never by more than 50 ms), and a process
/// looks a dozen times or so per refresh, whatever the refresh's length.
/// </para>
/// </summary>
/// <param name="readHeld">The connections whose lease is held now.</param>
/// <param name="time">The pauses' clock: the system's, but for tests.</param>
internal sealed class LeaseWaits(Func<Task<IReadOnlySet<string>>> readHeld, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan ShortestPause = TimeSpan.FromMilliseconds(3);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private ITimer? _timer;
    // When the timer fires next (a timestamp of the clock), or 0 when it is not armed.
    private long _due;
    private bool _looking;
    // When the waiter that began last began (a timestamp): the pauses are a share of its wait.
    private long _latestStart;

    public LeaseWaits(Func<Task<IReadOnlySet<string>>> readHeld)
        : this(readHeld, TimeProvider.System)
    {
    }

    /// <summary>
    /// Returns when the lease of <paramref name="connectionId"/> is given back or runs out, or after
    /// <paramref name="longest"/> (the caller then looks itself, which also tells a dead holder).
    /// <paramref name="since"/> is when the caller began to wait for this lease (a timestamp of the
    /// clock): a caller that waits again after its longest wait passes the same.
    /// </summary>
    public async Task WaitAsync(string connectionId, long since, TimeSpan longest, CancellationToken cancellationToken)
    {
        TaskCompletionSource? released;
        lock (_waiting)
        {
            _latestStart = Math.Max(_latestStart, since);
            if (!_waiting.TryGetValue(connectionId, out released))
            {
                released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(connectionId, released);
            }
            ArmWithin(Pause());
        }
        try
        {
            await released.Task.WaitAsync(longest, time, cancellationToken);
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

    public void Dispose() => _timer?.Dispose();

    // Under the lock.
    private TimeSpan Pause()
    {
        var quarter = time.GetElapsedTime(_latestStart) / 4;
        return quarter < ShortestPause ? ShortestPause : quarter > LongestPause ? LongestPause : quarter;
    }

    // Under the lock: the next look within the pause, unless one is under way (it arms the next as it ends) or is due sooner.
    private void ArmWithin(TimeSpan pause)
    {
        var now = time.GetTimestamp();
        if (_looking || (_due != 0 && time.GetElapsedTime(now, _due) <= pause))
        {
            return;
        }
        _timer ??= time.CreateTimer(static state => _ = ((LeaseWaits)state!).LookAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _due = now + (long)(pause.TotalSeconds * time.TimestampFrequency);
        _timer.Change(pause, Timeout.InfiniteTimeSpan);
    }

    // One look for every waiter of the process; the next is armed whatever became of this one.
    private async Task LookAsync()
    {
        lock (_waiting)
        {
            _due = 0;
            _looking = true;
        }
        var woken = new List<TaskCompletionSource>();
        try
        {
            var held = await readHeld();
            lock (_waiting)
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
        }
        catch (Exception e) when (e is ZoomKit.Tokens.ZoomTokenStoreException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The file cannot be read now: the next look may; meanwhile each waiter looks itself after its longest wait.
        }
        finally
        {
            lock (_waiting)
            {
                _looking = false;
                if (_waiting.Count > 0)
                {
                    ArmWithin(Pause());
                }
            }
        }
        foreach (var released in woken)
        {
            released.TrySetResult();
        }
    }
}
