using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Host;

/// <summary>
/// A clock tests and simulations advance by hand (or scale from real time). UTC is the monotonic time plus an
/// offset, which is arbitrary (year 2000, as on an unsynced ESP32) until <see cref="Sync"/>.
/// </summary>
public sealed class SimulatedClock : IClock
{
    /// <summary>2000-01-01T00:00:00Z, where an unsynced nanoFramework clock starts.</summary>
    public const long UnsyncedOriginMilliseconds = 946684800000;

    private long _microseconds;
    private long _utcOffsetMilliseconds = UnsyncedOriginMilliseconds;

    /// <inheritdoc />
    public long MonotonicMicroseconds => Interlocked.Read(ref _microseconds);

    /// <inheritdoc />
    public long UtcMilliseconds => (MonotonicMicroseconds / 1000) + Interlocked.Read(ref _utcOffsetMilliseconds);

    /// <inheritdoc />
    public bool IsSynced { get; private set; }

    /// <summary>Moves time forward.</summary>
    public void Advance(long microseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(microseconds);
        Interlocked.Add(ref _microseconds, microseconds);
    }

    /// <summary>Moves time forward by <paramref name="duration"/>.</summary>
    public void Advance(TimeSpan duration) => Advance(duration.Ticks / 10);

    /// <summary>Sets UTC so that now reads <paramref name="utcMilliseconds"/>, as SNTP would.</summary>
    public void Sync(long utcMilliseconds)
    {
        Interlocked.Exchange(ref _utcOffsetMilliseconds, utcMilliseconds - (MonotonicMicroseconds / 1000));
        IsSynced = true;
    }
}
