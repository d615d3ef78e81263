using System.Globalization;
using Metering.Collector.Carbon;
using Metering.Collector.Nodes;

namespace Metering.Collector.Host.Settings;

/// <summary>
/// PUE (configuration section <c>Facility</c>; Carbon/README.md). A zone key names a node's <c>pue_zone</c> or its
/// site: a node takes its <c>pue_zone</c>'s PUE, else its site's, else <see cref="Pue"/>, else 1.0 (flagged).
/// </summary>
public sealed class FacilitySettings
{
    /// <summary>The PUE of nodes whose zone and site have none; null: 1.0, flagged <c>pue_default</c>.</summary>
    public double? Pue { get; set; }

    /// <summary>PUE by zone or site id: <c>Facility:Zones:room-a:Pue = 1.35</c>.</summary>
    public Dictionary<string, ZoneFacility> Zones { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Checks the settings; each message names its setting.</summary>
    public IEnumerable<string> Validate()
    {
        if (Pue is { } p && (!double.IsFinite(p) || p < 1))
        {
            yield return Invariant($"Facility:Pue must be a number of at least 1 (facility energy = IT energy x PUE), got {p}");
        }

        foreach (var (zone, z) in Zones)
        {
            if (!InventoryIds.IsValid(zone))
            {
                yield return $"Facility:Zones:{zone}: the zone must be {InventoryIds.Rule}";
            }

            if (z.Pue is not { } zp)
            {
                yield return $"Facility:Zones:{zone}:Pue is required";
            }
            else if (!double.IsFinite(zp) || zp < 1)
            {
                yield return Invariant($"Facility:Zones:{zone}:Pue must be a number of at least 1, got {zp}");
            }
        }
    }

    /// <summary>The PUE table (validate first): every zone key applies to the nodes of that <c>pue_zone</c> and of that site.</summary>
    public PueTable ToTable()
    {
        var byId = Zones.ToDictionary(z => z.Key, z => z.Value.Pue!.Value, StringComparer.Ordinal);
        return new PueTable(byId, byId, Pue);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One zone's PUE.</summary>
public sealed class ZoneFacility
{
    /// <summary>Facility energy / IT energy, at least 1.</summary>
    public double? Pue { get; set; }
}
