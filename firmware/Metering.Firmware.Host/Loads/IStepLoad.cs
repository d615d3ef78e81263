namespace Metering.Firmware.Host.Loads;

/// <summary>
/// A load whose power holds constant between change instants (a job's phases, a training step's square wave, a gate).
/// Knowing where the power may change lets a simulation integrate any function of several such loads exactly, piece
/// by piece: a power supply's efficiency at the node's load, a fan's cube law.
/// </summary>
public interface IStepLoad : ILoadProfile
{
    /// <summary>
    /// The first instant after <paramref name="microseconds"/> at which <see cref="ILoadProfile.PowerWatts"/> may differ
    /// from its value at <paramref name="microseconds"/>; <see cref="long.MaxValue"/> when it never changes. Power is
    /// constant on [microseconds, next).
    /// </summary>
    long NextChangeMicroseconds(long microseconds);
}
