namespace Metering.Firmware.Host.Loads;

/// <summary>
/// A load that draws <c>watts[k]</c> during phase k, each phase <c>phaseMicroseconds</c> long, from
/// <c>startMicroseconds</c> on, and nothing before the first phase or after the last (a job's power second by second:
/// phase k covers [start + k x phase, start + (k + 1) x phase)). Energy is exact: each phase's watts times the part
/// of it inside the range.
/// </summary>
public sealed class PhaseLoad : IStepLoad
{
    private readonly long _start;
    private readonly long _phase;
    private readonly double[] _watts;

    /// <summary>Phases of <paramref name="phaseMicroseconds"/> from <paramref name="startMicroseconds"/>, one per entry of <paramref name="watts"/>.</summary>
    public PhaseLoad(long startMicroseconds, long phaseMicroseconds, IReadOnlyList<double> watts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(phaseMicroseconds, 1);
        ArgumentNullException.ThrowIfNull(watts);
        (_start, _phase, _watts) = (startMicroseconds, phaseMicroseconds, [.. watts]);
    }

    /// <summary>The watts of each phase.</summary>
    public IReadOnlyList<double> Watts => _watts;

    /// <summary>The first instant after the last phase, µs.</summary>
    public long EndMicroseconds => _start + (_watts.LongLength * _phase);

    /// <inheritdoc />
    public double PowerWatts(long microseconds) =>
        microseconds >= _start && microseconds < EndMicroseconds ? _watts[(microseconds - _start) / _phase] : 0;

    /// <inheritdoc />
    public long NextChangeMicroseconds(long microseconds)
    {
        if (microseconds < _start)
        {
            return _start;
        }

        return microseconds < EndMicroseconds ? _start + ((((microseconds - _start) / _phase) + 1) * _phase) : long.MaxValue;
    }

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds)
    {
        double joules = 0;
        for (long t = Math.Max(fromMicroseconds, _start), end = Math.Min(toMicroseconds, EndMicroseconds); t < end;)
        {
            var k = (t - _start) / _phase;
            var next = Math.Min(end, _start + ((k + 1) * _phase));
            joules += _watts[k] * (next - t) / 1e6;
            t = next;
        }

        return joules;
    }
}
