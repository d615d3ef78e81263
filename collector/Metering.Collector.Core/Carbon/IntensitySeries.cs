namespace Metering.Collector.Carbon;

/// <summary>
/// Carbon intensity as a step function: each point's value holds from its timestamp until the next point's, and the
/// last one for one period more (the spacing of the last two points). Outside that the nearest value is used and the
/// lookup reports the range as not covered (<see cref="IntensityLookup.CoveredShare"/> below 1): before the first
/// point, and after the series ended (a feed that stopped updating must not go on looking current). A series of one
/// point has no period: its value holds from its timestamp on. Read one from CSV with <see cref="CarbonCsv"/>.
/// </summary>
public sealed class IntensitySeries : ICarbonIntensity
{
    private readonly long[] _times;
    private readonly double[] _values;

    /// <summary>A series from points in any order; timestamps must be distinct, values finite and at least 0, at least one point.</summary>
    public IntensitySeries(IEnumerable<IntensityPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.OrderBy(p => p.TimestampMs).ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("a series needs at least one point", nameof(points));
        }

        for (var i = 0; i < sorted.Length; i++)
        {
            if (!double.IsFinite(sorted[i].GramsPerKwh) || sorted[i].GramsPerKwh < 0)
            {
                throw new ArgumentException($"intensity at {sorted[i].TimestampMs} ms must be a finite number of at least 0", nameof(points));
            }

            if (i > 0 && sorted[i].TimestampMs == sorted[i - 1].TimestampMs)
            {
                throw new ArgumentException($"two points at {sorted[i].TimestampMs} ms", nameof(points));
            }
        }

        Points = sorted;
        _times = [.. sorted.Select(p => p.TimestampMs)];
        _values = [.. sorted.Select(p => p.GramsPerKwh)];
        CoveredUntilMs = sorted.Length < 2 ? long.MaxValue : _times[^1] + (_times[^1] - _times[^2]);
    }

    /// <summary>The end of the last point's period: after it the series has ended and lookups are not covered.</summary>
    public long CoveredUntilMs { get; }

    /// <summary>The points, by time.</summary>
    public IReadOnlyList<IntensityPoint> Points { get; }

    /// <inheritdoc />
    public IntensityLookup Average(long fromMs, long toMs)
    {
        var i = Array.BinarySearch(_times, fromMs);
        var index = i >= 0 ? i : ~i - 1;   // the last point at or before fromMs; -1 when fromMs is before the first
        if (toMs <= fromMs)
        {
            return new(_values[Math.Max(0, index)], index < 0 || fromMs >= CoveredUntilMs ? 0.0 : 1.0);
        }

        double weighted = 0;
        long uncovered = 0;
        var cursor = fromMs;
        if (index < 0)
        {
            var end = Math.Min(toMs, _times[0]);
            weighted += _values[0] * (end - cursor);
            uncovered = end - cursor;
            cursor = end;
            index = 0;
        }

        while (cursor < toMs)
        {
            var end = index + 1 < _times.Length ? Math.Min(toMs, _times[index + 1]) : toMs;
            weighted += _values[index] * (end - cursor);
            cursor = end;
            index++;
        }

        uncovered += Math.Max(0, toMs - Math.Max(fromMs, CoveredUntilMs));   // after the series ended
        double span = toMs - fromMs;
        return new(weighted / span, 1.0 - (uncovered / span));
    }
}

/// <summary>An intensity that holds from <paramref name="TimestampMs"/> until the next point.</summary>
/// <param name="TimestampMs">Start, ms since the Unix epoch (UTC).</param>
/// <param name="GramsPerKwh">gCO2e per kWh.</param>
public sealed record IntensityPoint(long TimestampMs, double GramsPerKwh);
