namespace Metering.Firmware.Host.Loads;

/// <summary>
/// A physical load over time, as a virtual meter measures it: instantaneous power and, for accuracy tests, the exact
/// energy between two instants. Time is microseconds on the same clock the firmware integrates on.
/// </summary>
public interface ILoadProfile
{
    /// <summary>Instantaneous power in watts at <paramref name="microseconds"/>.</summary>
    double PowerWatts(long microseconds);

    /// <summary>Exact energy in joules from <paramref name="fromMicroseconds"/> to <paramref name="toMicroseconds"/>.</summary>
    double EnergyJoules(long fromMicroseconds, long toMicroseconds);
}
