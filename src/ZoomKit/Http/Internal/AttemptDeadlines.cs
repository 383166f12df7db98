using System.Diagnostics;

namespace ZoomKit.Http.Internal;

/// <summary>
/// The deadlines of the attempts that start in the same tenth of a second are one token, cancelled
/// a timeout after the end of that tenth: every attempt gets at least its timeout and at most a tenth
/// of a second more, and a stream of calls arms one timer per tenth of a second instead of one per
/// call (each a timer-queue entry, often a wake-up of the timer thread).
/// </summary>
internal sealed class AttemptDeadlines(TimeSpan timeout)
{
    private static readonly TimeSpan SliceLength = TimeSpan.FromMilliseconds(100);
    private static readonly long SliceTicks = (long)(SliceLength.TotalSeconds * Stopwatch.Frequency);

    private readonly TimeSpan _delay = timeout + SliceLength;
    private Slice? _current;

    /// <summary>A token cancelled no sooner than the timeout from now.</summary>
    public CancellationToken Next()
    {
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var current = Volatile.Read(ref _current);
            if (current is not null && now < current.EndsAt)
            {
                return current.Token;
            }
            var fresh = new Slice(now + SliceTicks, _delay);
            if (Interlocked.CompareExchange(ref _current, fresh, current) == current)
            {
                // The slice before it is not disposed: its timer still has to cancel the attempts it covers.
                return fresh.Token;
            }
            fresh.Dispose();
        }
    }

    private sealed class Slice(long endsAt, TimeSpan delay) : IDisposable
    {
        private readonly CancellationTokenSource _source = new(delay);

        public long EndsAt { get; } = endsAt;

        public CancellationToken Token => _source.Token;

        public void Dispose() => _source.Dispose();
    }
}
