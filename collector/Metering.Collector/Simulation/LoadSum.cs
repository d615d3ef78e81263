using Metering.Firmware.Host.Loads;

namespace Metering.Collector.Simulation;

/// <summary>
/// The sum of several loads, like <see cref="SumLoad"/> but without LINQ: the virtual sensors of a large fleet ask
/// for power and energy tens of thousands of times a second, and each LINQ sum allocated a closure.
/// </summary>
public sealed class LoadSum(params ILoadProfile[] parts) : ILoadProfile
{
    /// <inheritdoc />
    public double PowerWatts(long microseconds)
    {
        double watts = 0;
        foreach (var part in parts)
        {
            watts += part.PowerWatts(microseconds);
        }

        return watts;
    }

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds)
    {
        double joules = 0;
        foreach (var part in parts)
        {
            joules += part.EnergyJoules(fromMicroseconds, toMicroseconds);
        }

        return joules;
    }
}
