using Metering.Simulation.Fleet;

namespace Metering.Collector.Demo;

/// <summary>
/// The demo collector's clock: the system's until a <see cref="FleetClock"/> is attached, then the fleet's UTC
/// (which starts at the system's UTC, so time runs on without a jump, only faster). The collector then places
/// telemetry, closes node buckets and stamps jobs in simulated time, as it would in real time at speed 1. Timers
/// stay real: only <see cref="GetUtcNow"/> follows the fleet.
/// </summary>
public sealed class SimulatedTimeProvider : TimeProvider
{
    private FleetClock? _clock;

    /// <summary>From now on, UTC is <paramref name="clock"/>'s.</summary>
    public void Attach(FleetClock clock) => Interlocked.Exchange(ref _clock, clock);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Volatile.Read(ref _clock) is { } clock
        ? DateTimeOffset.FromUnixTimeMilliseconds(clock.StartUtcMilliseconds).AddTicks(clock.MonotonicMicroseconds * 10)
        : base.GetUtcNow();
}
