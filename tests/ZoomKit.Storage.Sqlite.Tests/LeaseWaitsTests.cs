namespace ZoomKit.Storage.Sqlite.Tests;

/// <summary>
/// A process's waiters on leases held by other processes are woken by one look at the file's leases
/// for all of them, not a look each; a release in the process wakes its own waiters at once.
/// </summary>
public sealed class LeaseWaitsTests
{
    private static readonly TimeSpan AnHour = TimeSpan.FromHours(1);

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
        var waiters = ids.Select(id => waits.WaitAsync(id, AnHour, CancellationToken.None)).ToArray();
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
        var first = waits.WaitAsync("user-1", AnHour, CancellationToken.None);
        var second = waits.WaitAsync("user-2", AnHour, CancellationToken.None);

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
        await waits.WaitAsync("user-1", AnHour, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(Volatile.Read(ref looks) >= 2);
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
