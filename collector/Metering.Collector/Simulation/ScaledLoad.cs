using Metering.Firmware.Host.Loads;

namespace Metering.Collector.Simulation;

/// <summary><c>factor</c> times another load (a PSU's share of a node's wall power, a supply's losses).</summary>
public sealed class ScaledLoad(ILoadProfile inner, double factor) : ILoadProfile
{
    /// <inheritdoc />
    public double PowerWatts(long microseconds) => factor * inner.PowerWatts(microseconds);

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds) => factor * inner.EnergyJoules(fromMicroseconds, toMicroseconds);
}
