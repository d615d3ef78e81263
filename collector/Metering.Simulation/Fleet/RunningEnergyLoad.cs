using Metering.Firmware.Host.Loads;

namespace Metering.Simulation.Fleet;

/// <summary>
/// A load as a virtual sensor sees it. A PZEM-004T's energy register integrates from power-up, so the virtual meter
/// asks for the energy from a fixed origin to now once a second; a gated load answers that in time proportional to the
/// range, which grew without bound in a long run. This keeps the last such answer and extends it by the new stretch
/// only. Short ranges (the INA219's conversions, the PZEM's 1 s power) go straight to the load. The truth uses the
/// load itself.
/// </summary>
internal sealed class RunningEnergyLoad(ILoadProfile inner) : ILoadProfile
{
    private const long LongRangeMicroseconds = 10_000_000;
    private readonly Lock _lock = new();
    private (long From, long To, double Joules) _last = (long.MinValue, long.MinValue, 0);

    public double PowerWatts(long microseconds) => inner.PowerWatts(microseconds);

    public double EnergyJoules(long fromMicroseconds, long toMicroseconds)
    {
        if (toMicroseconds - fromMicroseconds <= LongRangeMicroseconds)
        {
            return inner.EnergyJoules(fromMicroseconds, toMicroseconds);
        }

        lock (_lock)
        {
            var joules = _last.From == fromMicroseconds && _last.To <= toMicroseconds
                ? _last.Joules + inner.EnergyJoules(_last.To, toMicroseconds)
                : inner.EnergyJoules(fromMicroseconds, toMicroseconds);
            _last = (fromMicroseconds, toMicroseconds, joules);
            return joules;
        }
    }
}
