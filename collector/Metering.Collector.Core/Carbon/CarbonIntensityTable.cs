namespace Metering.Collector.Carbon;

/// <summary>
/// Carbon intensity per zone and per site, each a constant or a series. A node's intensity is its <c>pue_zone</c>'s,
/// else its site's, else <see cref="Default"/>; with none of them its CO2e is 0 and flagged
/// (<see cref="CarbonSource.None"/>).
/// </summary>
public sealed class CarbonIntensityTable
{
    private readonly Dictionary<string, ICarbonIntensity> _byZone;
    private readonly Dictionary<string, ICarbonIntensity> _bySite;

    /// <summary>Creates a table.</summary>
    /// <param name="byZone">Intensity by zone id (a node's <c>pue_zone</c>: a room on its own supply).</param>
    /// <param name="bySite">Intensity by site id (the usual case: one grid connection per site).</param>
    /// <param name="fallback">Intensity for nodes with neither, or null.</param>
    public CarbonIntensityTable(
        IReadOnlyDictionary<string, ICarbonIntensity>? byZone = null,
        IReadOnlyDictionary<string, ICarbonIntensity>? bySite = null,
        ICarbonIntensity? fallback = null)
    {
        _byZone = new(byZone ?? new Dictionary<string, ICarbonIntensity>(), StringComparer.Ordinal);
        _bySite = new(bySite ?? new Dictionary<string, ICarbonIntensity>(), StringComparer.Ordinal);
        Default = fallback;
    }

    /// <summary>No intensity configured: CO2e is 0, flagged.</summary>
    public static CarbonIntensityTable None { get; } = new();

    /// <summary>The intensity for nodes whose zone and site have none, or null.</summary>
    public ICarbonIntensity? Default { get; }

    /// <summary>The mean intensity for a node in <paramref name="pueZone"/> at <paramref name="siteId"/> over [from, to).</summary>
    public CarbonLookup For(string? pueZone, string siteId, long fromMs, long toMs)
    {
        var (source, intensity) =
            pueZone is not null && _byZone.TryGetValue(pueZone, out var z) ? (CarbonSource.Zone, z)
            : _bySite.TryGetValue(siteId, out var s) ? (CarbonSource.Site, s)
            : Default is not null ? (CarbonSource.Default, Default)
            : (CarbonSource.None, null);
        if (intensity is null)
        {
            return new(0, source, false);
        }

        var mean = intensity.Average(fromMs, toMs);
        return new(mean.GramsPerKwh, source, mean.CoveredShare < 1.0);
    }
}

/// <summary>A node's mean carbon intensity over a range and where it came from.</summary>
/// <param name="GramsPerKwh">gCO2e per kWh (0 when <paramref name="Source"/> is <see cref="CarbonSource.None"/>).</param>
/// <param name="Source">Zone, site, default, or none.</param>
/// <param name="Extrapolated">True when part of the range lies before the series' first row or after it ended (its last row plus one period).</param>
public readonly record struct CarbonLookup(double GramsPerKwh, CarbonSource Source, bool Extrapolated);

/// <summary>Where a carbon intensity came from.</summary>
public enum CarbonSource
{
    /// <summary>The node's <c>pue_zone</c>.</summary>
    Zone,

    /// <summary>The node's site.</summary>
    Site,

    /// <summary>The table's default.</summary>
    Default,

    /// <summary>Nothing configured: CO2e 0, flagged.</summary>
    None,
}
