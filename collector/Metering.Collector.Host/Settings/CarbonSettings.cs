using System.Globalization;
using Metering.Collector.Carbon;
using Metering.Collector.Nodes;

namespace Metering.Collector.Host.Settings;

/// <summary>
/// Carbon intensity (configuration section <c>Carbon</c>; Carbon/README.md). A zone key names a node's
/// <c>pue_zone</c> or its site, like <see cref="FacilitySettings.Zones"/>. Each zone has a constant
/// (<c>Carbon:Zones:paris-dc1:GramsPerKwh = 52</c>) or a series imported with `metering carbon import FILE --zone Z`
/// into <c>DATA_DIR/carbon/Z.csv</c>; an imported series wins over the constant of its zone.
/// </summary>
public sealed class CarbonSettings
{
    /// <summary>The intensity of nodes whose zone and site have none, gCO2e/kWh; null: CO2e 0, flagged <c>carbon_missing</c>.</summary>
    public double? GramsPerKwh { get; set; }

    /// <summary>Constant intensity by zone or site id.</summary>
    public Dictionary<string, ZoneCarbon> Zones { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Checks the settings; each message names its setting.</summary>
    public IEnumerable<string> Validate()
    {
        if (GramsPerKwh is { } g && (!double.IsFinite(g) || g < 0))
        {
            yield return Invariant($"Carbon:GramsPerKwh must be a number of at least 0, got {g}");
        }

        foreach (var (zone, z) in Zones)
        {
            if (!InventoryIds.IsValid(zone))
            {
                yield return $"Carbon:Zones:{zone}: the zone must be {InventoryIds.Rule}";
            }

            if (z.GramsPerKwh is not { } zg)
            {
                yield return $"Carbon:Zones:{zone}:GramsPerKwh is required";
            }
            else if (!double.IsFinite(zg) || zg < 0)
            {
                yield return Invariant($"Carbon:Zones:{zone}:GramsPerKwh must be a number of at least 0, got {zg}");
            }
        }
    }

    /// <summary>
    /// The intensity table (validate first): the configured constants, with <paramref name="imported"/> series
    /// replacing the constant of their zone; every zone key applies to the nodes of that <c>pue_zone</c> and of that site.
    /// </summary>
    public CarbonIntensityTable ToTable(IReadOnlyDictionary<string, IntensitySeries> imported)
    {
        var byId = new Dictionary<string, ICarbonIntensity>(StringComparer.Ordinal);
        foreach (var (zone, z) in Zones)
        {
            byId[zone] = new ConstantIntensity(z.GramsPerKwh!.Value);
        }

        foreach (var (zone, series) in imported)
        {
            byId[zone] = series;
        }

        return new CarbonIntensityTable(byId, byId, GramsPerKwh is { } g ? new ConstantIntensity(g) : null);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One zone's constant carbon intensity.</summary>
public sealed class ZoneCarbon
{
    /// <summary>gCO2e per kWh, at least 0.</summary>
    public double? GramsPerKwh { get; set; }
}
