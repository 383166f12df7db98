using Microsoft.Extensions.Time.Testing;

namespace ZoomKit.Storage.Sqlite.Tests;

/// <summary>
/// A process's waiters on leases held by other processes are woken by one look at the file's leases
/// for all of them, not a look each; a release in the process wakes its own waiters at once.
/// </summary>
public sealed class LeaseWaitsTests
{
    private static readonly TimeSpan AnHour = TimeSpan.FromHours(1);

    private static long Now => TimeProvider.System.GetTimestamp();

    [Fact]
    public async Task TwentyWaitersOnLeasesHeldElsewhere_WokenTogetherByOneLookAfterTheReleases()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"user-{i}").ToArray();
        IReadOnlySet<string> held = ids.ToHashSet();
        var looks = 0;
        using var nextLook = new SemaphoreSlim(0);
        var waits = new LeaseWaits(async () =>
        {
            Interlocked.Increment(ref looks);
            await nextLook.WaitAsync();
            return held;
        });

        // Each waits up to an hour: only a look can wake them.
        var waiters = ids.Select(id => waits.WaitAsync(id, Now, AnHour, CancellationToken.None)).ToArray();
        nextLook.Release();
        await WhenAsync(() => Volatile.Read(ref looks) == 2);
        var wokenWhileHeld = waiters.Count(w => w.IsCompleted);
        // The other process gives every lease back; the next look sees it.
        held = new HashSet<string>();
        nextLook.Release();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, wokenWhileHeld);
        // Two looks for twenty waiters, and none once nobody waits.
        Assert.Equal(2, Volatile.Read(ref looks));
    }

    [Fact]
    public async Task LookSeesOneLeaseGone_WakesOnlyItsWaiters()
    {
        IReadOnlySet<string> held = new HashSet<string> { "user-1", "user-2" };
        var looks = 0;
        var waits = new LeaseWaits(() =>
        {
            Interlocked.Increment(ref looks);
            return Task.FromResult(Volatile.Read(ref held));
        });
        var first = waits.WaitAsync("user-1", Now, AnHour, CancellationToken.None);
        var second = waits.WaitAsync("user-2", Now, AnHour, CancellationToken.None);

        Volatile.Write(ref held, new HashSet<string> { "user-2" });
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        // Two more looks after the one that woke the first: any wrong wake-up of the second has happened by then.
        var seen = Volatile.Read(ref looks);
        await WhenAsync(() => Volatile.Read(ref looks) >= seen + 2);
        var secondWokenWhileHeld = second.IsCompleted;
        waits.Signal("user-2");
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(secondWokenWhileHeld);
    }

    [Fact]
    public async Task LeasesCannotBeReadOnce_TheLooksGoOnAndWakeTheWaiterWhenTheLeaseIsGone()
    {
        var looks = 0;
        var waits = new LeaseWaits(() => Interlocked.Increment(ref looks) == 1
            ? throw new ZoomKit.Tokens.ZoomTokenStoreException("The file is locked.")
            : Task.FromResult<IReadOnlySet<string>>(new HashSet<string>()));

        // Waits up to an hour: only a look after the failed one can wake it.
        await waits.WaitAsync("user-1", Now, AnHour, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(Volatile.Read(ref looks) >= 2);
    }

    [Fact]
    public async Task LookFailsUnexpectedlyOnce_TheLooksGoOnAndWakeTheWaiter()
    {
        var looks = 0;
        var waits = new LeaseWaits(() => Interlocked.Increment(ref looks) == 1
            ? throw new InvalidOperationException("Not a store error.")
            : Task.FromResult<IReadOnlySet<string>>(new HashSet<string>()));

        // Waits up to an hour: only a look after the failed one can wake it.
        await waits.WaitAsync("user-1", Now, AnHour, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(Volatile.Read(ref looks) >= 2);
    }

    [Fact]
    public async Task LeaseHeldElsewhereForASecond_TheProcessLooksAFewDozenTimes_AndSeesTheReleaseAtMost50MsLate()
    {
        // A slow token endpoint: another process's refresh holds the lease for a second.
        var time = new FakeTimeProvider();
        var held = true;
        var looks = 0;
        DateTimeOffset? seenFree = null;
        var waits = new LeaseWaits(() =>
        {
            Interlocked.Increment(ref looks);
            if (Volatile.Read(ref held))
            {
                return Task.FromResult<IReadOnlySet<string>>(new HashSet<string> { "user-1" });
            }
            seenFree ??= time.GetUtcNow();
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
        }, time);
        var since = time.GetTimestamp();
        var waiter = WaitAgainAfter50MsAsync(waits, "user-1", since, time);

        for (var ms = 0; ms < 1000; ms++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }
        var looksWhileHeld = Volatile.Read(ref looks);
        var releasedAt = time.GetUtcNow();
        Volatile.Write(ref held, false);
        for (var ms = 0; ms < 1000 && seenFree is null; ms++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }
        // The waiter returns (woken by that look, or by its own wait running out at the same moment and a look after it).
        for (var ms = 0; ms < 1000 && !waiter.IsCompleted; ms++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(1);
        }
        await waiter.WaitAsync(TimeSpan.FromSeconds(10));

        // A look every 3 ms would be 333; the pauses grow with the wait, to at most 50 ms.
        Assert.InRange(looksWhileHeld, 10, 40);
        Assert.NotNull(seenFree);
        Assert.InRange(seenFree.Value - releasedAt, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void NewWaiterWhileTheLooksArePaused50Ms_LooksWithin3Ms()
    {
        var time = new FakeTimeProvider();
        var looks = 0;
        IReadOnlySet<string> held = new HashSet<string> { "user-1", "user-2" };
        var waits = new LeaseWaits(() =>
        {
            Interlocked.Increment(ref looks);
            return Task.FromResult(held);
        }, time);
        _ = waits.WaitAsync("user-1", time.GetTimestamp(), AnHour, CancellationToken.None);
        for (var ms = 0; ms < 1000; ms++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }
        // Just after a look: the next one is 50 ms away.
        var seen = Volatile.Read(ref looks);
        while (Volatile.Read(ref looks) == seen)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }
        time.Advance(TimeSpan.FromMilliseconds(1));

        // A second waiter, whose lease may be given back at once.
        _ = waits.WaitAsync("user-2", time.GetTimestamp(), AnHour, CancellationToken.None);
        seen = Volatile.Read(ref looks);
        var waited = 0;
        while (Volatile.Read(ref looks) == seen && waited < 100)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            waited++;
        }

        Assert.InRange(waited, 1, 3);
    }

    /// <summary>As the store's waiter does: its longest wait is 50 ms, and it then waits again, since the same moment.</summary>
    private static async Task WaitAgainAfter50MsAsync(LeaseWaits waits, string connectionId, long since, TimeProvider time)
    {
        var longest = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var begun = time.GetTimestamp();
            await waits.WaitAsync(connectionId, since, longest, CancellationToken.None);
            if (time.GetElapsedTime(begun) < longest)
            {
                return;
            }
        }
    }

    private static async Task WhenAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition());
    }
}
