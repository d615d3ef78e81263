namespace Metering.Firmware.Host.Loads;

/// <summary>
/// A load that runs only during the first <c>onMicroseconds</c> of every <c>periodMicroseconds</c> (work that starts
/// and stops, steps in a node's power) and draws nothing otherwise. Energy is exact: the inner load's integral over
/// each on-interval inside the range.
/// </summary>
public sealed class GatedLoad : IStepLoad
{
    private readonly IStepLoad _inner;
    private readonly long _period;
    private readonly long _on;
    private readonly long _phase;

    /// <summary>Gates <paramref name="inner"/>; <paramref name="phaseMicroseconds"/> shifts the gate's cycle.</summary>
    public GatedLoad(IStepLoad inner, long periodMicroseconds, long onMicroseconds, long phaseMicroseconds = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodMicroseconds, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(onMicroseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(onMicroseconds, periodMicroseconds);
        (_inner, _period, _on, _phase) = (inner, periodMicroseconds, onMicroseconds, phaseMicroseconds);
    }

    /// <inheritdoc />
    public double PowerWatts(long microseconds) => IsOn(microseconds) ? _inner.PowerWatts(microseconds) : 0;

    /// <inheritdoc />
    public long NextChangeMicroseconds(long microseconds)
    {
        var start = (CycleOf(microseconds) * _period) - _phase;
        return IsOn(microseconds)
            ? Math.Min(start + _on, _inner.NextChangeMicroseconds(microseconds))
            : start + _period;
    }

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds)
    {
        double joules = 0;
        for (var cycle = CycleOf(fromMicroseconds); cycle <= CycleOf(toMicroseconds); cycle++)
        {
            var start = (cycle * _period) - _phase;
            var from = Math.Max(fromMicroseconds, start);
            var to = Math.Min(toMicroseconds, start + _on);
            if (to > from)
            {
                joules += _inner.EnergyJoules(from, to);
            }
        }

        return joules;
    }

    private bool IsOn(long t) => (t + _phase) - (CycleOf(t) * _period) < _on;

    private long CycleOf(long t) => Math.DivRem(t + _phase, _period) is var (q, r) && r < 0 ? q - 1 : q;
}
