using System.Threading.RateLimiting;

namespace ZoomKit.Http.Internal;

/// <summary>
/// One of Zoom's per-second budgets (an account and a rate category) as permits: a request holds
/// one from when it is sent until a window after its answer.
/// </summary>
/// <remarks>
/// A request reached Zoom at some moment between its sending and its answer, and Zoom counts it in
/// every window that holds that moment; a permit given back a window after the answer (or the
/// failure) keeps any window, wherever it starts, within the budget. Pacing by the sending time
/// alone, however evenly, is not enough: the first request on a new connection can reach Zoom a
/// handshake later than the next ones, and two windows' worth then land in one. This needs no clock
/// shared with Zoom, and its margin is each request's own round trip, not a share of the budget set
/// aside for the worst one.
/// <para>
/// The permits are a <see cref="ConcurrencyLimiter"/>. Giving them back later is written here rather
/// than as a <c>Task.Delay</c> per request, which put a timer (and its firing) on every call: the
/// permits due wait in a queue, in order, since every one waits the same window. A request that
/// arrives first gives back, on its own thread, every permit whose window has passed, so while
/// requests flow no timer is needed; the timer only wakes requests that wait for a permit, at the
/// moment the oldest one is due (at most a few milliseconds late), and otherwise fires about once a
/// window. (Before, it was re-armed for the next permit due whenever it fired: under a steady stream
/// of requests, every 5 ms, a wake-up of the timer thread and the thread pool each time.)
/// </para>
/// </remarks>
internal sealed class ZoomRateBudget : IDisposable
{
    // Zoom's window, and a little for a timer that fires a millisecond early.
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1010);

    // How late a permit may come back to a waiting request, so that one firing gives back the permits of many answers.
    private static readonly TimeSpan Batch = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrencyLimiter _permits;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Queue<(long AnsweredAt, RateLimitLease Lease)> _returning = new();
    private bool _armed;

    public ZoomRateBudget(int perSecond, TimeProvider time)
    {
        _permits = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = perSecond,
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _time = time;
        _timer = time.CreateTimer(static state => ((ZoomRateBudget)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Waits for a permit; one not acquired means the queue of waiting requests is full.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        ReturnDue();
        var acquiring = _permits.AcquireAsync(1, cancellationToken);
        if (!acquiring.IsCompleted)
        {
            lock (_returning)
            {
                ArmForTheOldest();
            }
        }
        return acquiring;
    }

    /// <summary>Gives the permit back a window from now: call it once the answer (or the failure) is in.</summary>
    public void ReturnAfterTheWindow(RateLimitLease lease)
    {
        lock (_returning)
        {
            _returning.Enqueue((_time.GetTimestamp(), lease));
            if (!_armed)
            {
                // Every permit queued after this one is due later: an earlier firing is never needed for them.
                _armed = true;
                _timer.Change(Window + Batch, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        ReturnDue();
        lock (_returning)
        {
            _armed = false;
            if (_permits.GetStatistics()?.CurrentQueuedCount > 0)
            {
                ArmForTheOldest();
            }
        }
    }

    /// <summary>Arms the timer for the moment the oldest permit held is due; with none held, the next one given back arms it.</summary>
    private void ArmForTheOldest()
    {
        if (_returning.TryPeek(out var oldest))
        {
            var due = Window - _time.GetElapsedTime(oldest.AnsweredAt);
            _armed = true;
            _timer.Change((due > TimeSpan.Zero ? due : TimeSpan.Zero) + Batch, Timeout.InfiniteTimeSpan);
        }
    }

    private void ReturnDue()
    {
        List<RateLimitLease>? due = null;
        lock (_returning)
        {
            while (_returning.TryPeek(out var head) && _time.GetElapsedTime(head.AnsweredAt) >= Window)
            {
                (due ??= []).Add(_returning.Dequeue().Lease);
            }
        }
        // Outside the lock: a permit given back may start a waiting request.
        due?.ForEach(lease => lease.Dispose());
    }

    public void Dispose()
    {
        _timer.Dispose();
        _permits.Dispose();
    }
}
