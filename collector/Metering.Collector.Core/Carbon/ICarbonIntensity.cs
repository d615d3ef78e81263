namespace Metering.Collector.Carbon;

/// <summary>Carbon intensity of the electricity a zone draws, over time.</summary>
public interface ICarbonIntensity
{
    /// <summary>
    /// The time-weighted mean intensity over [<paramref name="fromMs"/>, <paramref name="toMs"/>), ms since the Unix
    /// epoch; an empty range gives the intensity at <paramref name="fromMs"/>.
    /// </summary>
    IntensityLookup Average(long fromMs, long toMs);
}

/// <summary>A mean carbon intensity over a time range.</summary>
/// <param name="GramsPerKwh">Mean intensity, gCO2e per kWh, at least 0.</param>
/// <param name="CoveredShare">
/// Share of the range the source has data for, 0..1; the rest was extrapolated (a series' first value held backward,
/// or its last held past the series' end).
/// </param>
public readonly record struct IntensityLookup(double GramsPerKwh, double CoveredShare);

/// <summary>One intensity for all time.</summary>
public sealed class ConstantIntensity : ICarbonIntensity
{
    /// <summary>A constant intensity, gCO2e per kWh: finite, at least 0.</summary>
    public ConstantIntensity(double gramsPerKwh)
    {
        if (!double.IsFinite(gramsPerKwh) || gramsPerKwh < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gramsPerKwh), gramsPerKwh, "must be a finite number of at least 0");
        }

        GramsPerKwh = gramsPerKwh;
    }

    /// <summary>The intensity, gCO2e per kWh.</summary>
    public double GramsPerKwh { get; }

    /// <inheritdoc />
    public IntensityLookup Average(long fromMs, long toMs) => new(GramsPerKwh, 1.0);
}
