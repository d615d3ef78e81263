using System.Diagnostics;
using Metering.Firmware.Core.Platform;

namespace Metering.Simulation.Fleet;

/// <summary>
/// The fleet's one clock: real time since the fleet was created, optionally sped up (<see cref="Speed"/> simulated
/// seconds per real second), and UTC from the host's clock at creation plus the simulated time, reported as synced.
/// The load profiles run on its monotonic microseconds, so <see cref="MonotonicAtUtc"/> turns a telemetry window's
/// end_ms back into the instant the truth is evaluated at.
/// </summary>
public sealed class FleetClock : IClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <summary>Starts the clock now, reading <paramref name="startUtcMilliseconds"/> (default: the host's UTC now).</summary>
    public FleetClock(double speed = 1.0, long? startUtcMilliseconds = null)
    {
        Speed = speed > 0 ? speed : throw new ArgumentOutOfRangeException(nameof(speed), speed, "must be positive");
        StartUtcMilliseconds = startUtcMilliseconds ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    /// <summary>Simulated seconds per real second.</summary>
    public double Speed { get; }

    /// <summary>UTC (ms since the Unix epoch) at monotonic time 0.</summary>
    public long StartUtcMilliseconds { get; }

    /// <inheritdoc />
    public long MonotonicMicroseconds => (long)(_watch.Elapsed.Ticks / 10.0 * Speed);

    /// <inheritdoc />
    public long UtcMilliseconds => StartUtcMilliseconds + (MonotonicMicroseconds / 1000);

    /// <inheritdoc />
    public bool IsSynced => true;

    /// <summary>Simulated seconds since the fleet started.</summary>
    public double SimulatedSeconds => MonotonicMicroseconds / 1e6;

    /// <summary>The monotonic instant (µs) at which this clock read <paramref name="utcMilliseconds"/>.</summary>
    public long MonotonicAtUtc(long utcMilliseconds) => (utcMilliseconds - StartUtcMilliseconds) * 1000;
}
