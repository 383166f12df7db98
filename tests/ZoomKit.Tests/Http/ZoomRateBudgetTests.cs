using Microsoft.Extensions.Time.Testing;
using ZoomKit.Http.Internal;

namespace ZoomKit.Tests.Http;

/// <summary>
/// A per-second budget gives each permit back a window after its answer: a waiting request gets one
/// as soon as the oldest is due, and a steady stream of requests needs no timer firing for it.
/// </summary>
public sealed class ZoomRateBudgetTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1010);

    [Fact]
    public async Task BudgetUsedUp_TheNextRequestWaitsUntilTheOldestPermitsWindowHasPassed()
    {
        var time = new CountingTime();
        using var budget = new ZoomRateBudget(2, time);
        budget.ReturnAfterTheWindow(await budget.AcquireAsync(default));
        time.Advance(TimeSpan.FromMilliseconds(300));
        budget.ReturnAfterTheWindow(await budget.AcquireAsync(default));

        var third = budget.AcquireAsync(default).AsTask();
        time.Advance(Window - TimeSpan.FromMilliseconds(301));
        Assert.False(third.IsCompleted);

        // Nobody else arrives: the timer alone gives the oldest permit back, a few milliseconds after it is due.
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(third.IsCompletedSuccessfully);
        Assert.True((await third).IsAcquired);
        var fourth = budget.AcquireAsync(default).AsTask();
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(fourth.IsCompletedSuccessfully);
        Assert.True((await fourth).IsAcquired);
    }

    [Fact]
    public async Task SteadyStreamWithinTheBudget_TheTimerFiresAboutOnceAWindowNotForEveryPermitDue()
    {
        var time = new CountingTime();
        using var budget = new ZoomRateBudget(1000, time);

        // Ten seconds of a request every 2 ms, each answered at once.
        for (var i = 0; i < 5000; i++)
        {
            var lease = await budget.AcquireAsync(default);
            Assert.True(lease.IsAcquired);
            budget.ReturnAfterTheWindow(lease);
            time.Advance(TimeSpan.FromMilliseconds(2));
        }

        // Re-armed for the next permit due at every firing, it fired every 5 ms (about 1,800 times).
        Assert.InRange(time.Firings, 1, 20);
    }

    /// <summary>A fake clock that counts the firings of the timers it made.</summary>
    private sealed class CountingTime : FakeTimeProvider
    {
        private int _firings;

        public int Firings => _firings;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            base.CreateTimer(s => { Interlocked.Increment(ref _firings); callback(s); }, state, dueTime, period);
    }
}
