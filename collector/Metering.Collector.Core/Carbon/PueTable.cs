namespace Metering.Collector.Carbon;

/// <summary>
/// Power usage effectiveness per PUE zone (a room) and per site: facility energy = IT energy x PUE. A node's PUE is
/// its <c>pue_zone</c>'s, else its site's, else the table's configured fallback (<see cref="PueSource.Fallback"/>),
/// else 1.0 with <see cref="PueSource.Default"/> (reports flag it).
/// </summary>
public sealed class PueTable
{
    private readonly Dictionary<string, double> _byZone;
    private readonly Dictionary<string, double> _bySite;
    private readonly double? _fallback;

    /// <summary>Creates a table; every PUE must be finite and at least 1 (a facility cannot use less than its IT load).</summary>
    /// <param name="byZone">PUE by zone id (a node's <c>pue_zone</c>).</param>
    /// <param name="bySite">PUE by site id, for nodes whose zone has none.</param>
    /// <param name="fallback">PUE for nodes whose zone and site have none (configured, so not flagged), or null for 1.0 flagged.</param>
    public PueTable(IReadOnlyDictionary<string, double>? byZone = null, IReadOnlyDictionary<string, double>? bySite = null, double? fallback = null)
    {
        _byZone = Checked(byZone, nameof(byZone));
        _bySite = Checked(bySite, nameof(bySite));
        if (fallback is { } f && (!double.IsFinite(f) || f < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(fallback), f, "the fallback PUE must be a finite number of at least 1");
        }

        _fallback = fallback;
    }

    /// <summary>No PUE configured: every node gets 1.0, flagged as a default.</summary>
    public static PueTable None { get; } = new();

    /// <summary>The PUE for a node in <paramref name="pueZone"/> at <paramref name="siteId"/>.</summary>
    public PueLookup For(string? pueZone, string siteId) =>
        pueZone is not null && _byZone.TryGetValue(pueZone, out var z) ? new(z, PueSource.Zone)
        : _bySite.TryGetValue(siteId, out var s) ? new(s, PueSource.Site)
        : _fallback is { } f ? new(f, PueSource.Fallback)
        : new(1.0, PueSource.Default);

    private static Dictionary<string, double> Checked(IReadOnlyDictionary<string, double>? values, string parameter)
    {
        var copy = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, pue) in values ?? new Dictionary<string, double>())
        {
            if (!double.IsFinite(pue) || pue < 1.0)
            {
                throw new ArgumentOutOfRangeException(parameter, pue, $"PUE of \"{id}\" must be a finite number of at least 1");
            }

            copy[id] = pue;
        }

        return copy;
    }
}

/// <summary>A node's PUE and where it came from.</summary>
/// <param name="Pue">Facility energy / IT energy, at least 1.</param>
/// <param name="Source">Zone, site, or the 1.0 default.</param>
public readonly record struct PueLookup(double Pue, PueSource Source);

/// <summary>Where a PUE came from.</summary>
public enum PueSource
{
    /// <summary>The node's <c>pue_zone</c>.</summary>
    Zone,

    /// <summary>The node's site.</summary>
    Site,

    /// <summary>Nothing configured: 1.0 (facility = IT), flagged.</summary>
    Default,

    /// <summary>The table's configured fallback (<c>Facility:Pue</c>), for nodes whose zone and site have none.</summary>
    Fallback,
}
