namespace Metering.Firmware.Host.Loads;

/// <summary>A constant load.</summary>
public sealed class ConstantLoad(double watts) : IStepLoad
{
    /// <inheritdoc />
    public double PowerWatts(long microseconds) => watts;

    /// <inheritdoc />
    public long NextChangeMicroseconds(long microseconds) => long.MaxValue;

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds) => watts * (toMicroseconds - fromMicroseconds) / 1e6;
}

/// <summary>A load that steps from <c>before</c> to <c>after</c> watts at <c>atMicroseconds</c>.</summary>
public sealed class StepLoad(double before, double after, long atMicroseconds) : IStepLoad
{
    /// <inheritdoc />
    public double PowerWatts(long microseconds) => microseconds < atMicroseconds ? before : after;

    /// <inheritdoc />
    public long NextChangeMicroseconds(long microseconds) => microseconds < atMicroseconds ? atMicroseconds : long.MaxValue;

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds)
    {
        var split = Math.Clamp(atMicroseconds, fromMicroseconds, toMicroseconds);
        return ((before * (split - fromMicroseconds)) + (after * (toMicroseconds - split))) / 1e6;
    }
}

/// <summary>A load that ramps linearly from <c>fromWatts</c> to <c>toWatts</c> over [start, end], flat outside.</summary>
public sealed class RampLoad(double fromWatts, double toWatts, long startMicroseconds, long endMicroseconds) : ILoadProfile
{
    /// <inheritdoc />
    public double PowerWatts(long microseconds)
    {
        if (microseconds <= startMicroseconds) return fromWatts;
        if (microseconds >= endMicroseconds) return toWatts;
        return fromWatts + ((toWatts - fromWatts) * (microseconds - startMicroseconds) / (endMicroseconds - startMicroseconds));
    }

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds)
    {
        // Piecewise linear: the trapezoid over each linear piece is exact.
        long[] cuts = [fromMicroseconds, Math.Clamp(startMicroseconds, fromMicroseconds, toMicroseconds), Math.Clamp(endMicroseconds, fromMicroseconds, toMicroseconds), toMicroseconds];
        double joules = 0;
        for (var i = 0; i < 3; i++)
        {
            joules += (PowerWatts(cuts[i]) + PowerWatts(cuts[i + 1])) / 2 * (cuts[i + 1] - cuts[i]) / 1e6;
        }

        return joules;
    }
}

/// <summary>
/// A GPU-like square wave: <c>highWatts</c> for <c>duty</c> of each <c>period</c>, <c>lowWatts</c> for the rest
/// (training steps alternate compute bursts and communication or data-loading stalls).
/// </summary>
public sealed class SquareWaveLoad(double lowWatts, double highWatts, long periodMicroseconds, double duty, long phaseMicroseconds = 0) : IStepLoad
{
    private readonly long _highMicroseconds = (long)Math.Round(periodMicroseconds * duty);

    /// <inheritdoc />
    public double PowerWatts(long microseconds) => Within(microseconds) < _highMicroseconds ? highWatts : lowWatts;

    /// <inheritdoc />
    public long NextChangeMicroseconds(long microseconds)
    {
        var within = Within(microseconds);
        return microseconds + (within < _highMicroseconds ? _highMicroseconds - within : periodMicroseconds - within);
    }

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds) => (HighTimeUntil(toMicroseconds) - HighTimeUntil(fromMicroseconds)) * (highWatts - lowWatts) / 1e6
        + (lowWatts * (toMicroseconds - fromMicroseconds) / 1e6);

    private long Within(long t) => (((t + phaseMicroseconds) % periodMicroseconds) + periodMicroseconds) % periodMicroseconds;

    /// <summary>Microseconds spent high between the wave's origin and <paramref name="t"/>.</summary>
    private double HighTimeUntil(long t)
    {
        var shifted = t + phaseMicroseconds;
        var periods = Math.Floor((double)shifted / periodMicroseconds);
        var rest = shifted - (periods * periodMicroseconds);
        return (periods * _highMicroseconds) + Math.Min(rest, _highMicroseconds);
    }
}

/// <summary>
/// The sum of several loads (a node's idle floor plus jobs). Plain loops, no LINQ: a large fleet's virtual sensors
/// call this tens of thousands of times a second.
/// </summary>
public sealed class SumLoad(params ILoadProfile[] parts) : ILoadProfile
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

/// <summary>A load whose power a test or the demo sets at run time; energy integrates the history exactly.</summary>
public sealed class SettableLoad(double watts) : IStepLoad
{
    private readonly List<(long At, double Watts)> _changes = [(long.MinValue, watts)];
    private readonly Lock _lock = new();

    /// <summary>From <paramref name="microseconds"/> on, the load draws <paramref name="newWatts"/>.</summary>
    public void Set(long microseconds, double newWatts)
    {
        lock (_lock)
        {
            if (microseconds < _changes[^1].At)
            {
                throw new ArgumentOutOfRangeException(nameof(microseconds), "changes must come in time order");
            }

            _changes.Add((microseconds, newWatts));
        }
    }

    /// <inheritdoc />
    public double PowerWatts(long microseconds)
    {
        lock (_lock)
        {
            return _changes.Last(c => c.At <= microseconds).Watts;
        }
    }

    /// <inheritdoc />
    public long NextChangeMicroseconds(long microseconds)
    {
        lock (_lock)
        {
            foreach (var change in _changes)
            {
                if (change.At > microseconds)
                {
                    return change.At;
                }
            }

            return long.MaxValue;
        }
    }

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds)
    {
        lock (_lock)
        {
            double joules = 0;
            for (var i = 0; i < _changes.Count; i++)
            {
                var start = Math.Max(fromMicroseconds, _changes[i].At);
                var end = Math.Min(toMicroseconds, i + 1 < _changes.Count ? _changes[i + 1].At : long.MaxValue);
                if (end > start)
                {
                    joules += _changes[i].Watts * (end - start) / 1e6;
                }
            }

            return joules;
        }
    }
}
