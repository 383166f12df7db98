namespace ZoomKit.Emulator;

/// <summary>The emulator's time: the host's clock plus an offset that <c>POST /_emulator/clock</c> moves forward.</summary>
public sealed class EmulatorClock(TimeProvider inner)
{
    private long _offsetTicks;

    /// <summary>Now, in emulator time.</summary>
    public DateTimeOffset UtcNow => inner.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>How far the clock has been moved.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Back to the host's clock.</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
