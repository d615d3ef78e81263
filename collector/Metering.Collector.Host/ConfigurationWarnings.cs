using Metering.Collector.Carbon;
using Metering.Collector.Nodes;

namespace Metering.Collector.Host;

/// <summary>
/// What a configuration leaves out that would make results quietly incomplete: no inventory (nothing is attributed),
/// nodes without a PUE (facility energy = IT energy) or without a carbon intensity (CO2e unknown). `metering serve`
/// logs each at start and whenever the inventory or the carbon series change, and <c>/health</c> lists them as
/// warnings (still healthy: the meters' data is kept either way).
/// </summary>
public static class ConfigurationWarnings
{
    /// <summary>Nodes named in a warning before the rest are counted.</summary>
    private const int NamedNodes = 5;

    /// <summary>The warnings for <paramref name="inventory"/> read from <paramref name="inventoryPath"/> (null: no file there) under <paramref name="model"/> at <paramref name="nowMs"/>.</summary>
    public static IReadOnlyList<string> For(Inventory inventory, string inventoryPath, bool inventoryFileExists, FacilityCarbonModel model, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(model);
        if (!inventoryFileExists || inventory.Nodes.Count == 0)
        {
            return [$"{(inventoryFileExists ? "the inventory has no nodes" : "no inventory file")} at {inventoryPath}: no meter channel maps to a node, so readings are kept as unmapped and no energy is attributed to jobs (`metering inventory add-node` and `map`, or write the file: it is reloaded when it changes)"];
        }

        var warnings = new List<string>();
        var factors = inventory.Nodes.Select(n => (n.Id, Factors: model.For(n.PueZone, n.SiteId, nowMs, nowMs + 1))).ToList();
        var noPue = factors.Where(f => f.Factors.Pue.Source == PueSource.Default).Select(f => f.Id).ToList();
        if (noPue.Count > 0)
        {
            warnings.Add($"no PUE for {Nodes(noPue)}: their facility energy is their IT energy, flagged pue_default (set Facility:Pue, or Facility:Zones:<zone or site>:Pue)");
        }

        var noCarbon = factors.Where(f => f.Factors.Carbon.Source == CarbonSource.None).Select(f => f.Id).ToList();
        if (noCarbon.Count > 0)
        {
            warnings.Add($"no carbon intensity for {Nodes(noCarbon)}: their CO2e is unknown, flagged carbon_missing (set Carbon:GramsPerKwh or Carbon:Zones:<zone or site>:GramsPerKwh, or `metering carbon import` a series)");
        }

        return warnings;
    }

    /// <summary>
    /// The warning for jobs held now (running or recent) that are allocated on nodes <paramref name="inventory"/> does
    /// not know: no meter maps to such a node, so the job gets no energy and its summary says nothing of why. Empty
    /// when there is none.
    /// </summary>
    public static IReadOnlyList<string> JobsOnUnknownNodes(IReadOnlyList<Jobs.Job> held, Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(held);
        var unknown = held.SelectMany(j => j.Allocations.Select(a => (Job: j.Id, a.NodeId)))
            .Where(x => inventory.FindNode(x.NodeId) is null).ToList();
        if (unknown.Count == 0)
        {
            return [];
        }

        var jobs = unknown.Select(x => x.Job).Distinct(StringComparer.Ordinal).ToList();
        var nodes = unknown.Select(x => x.NodeId).Distinct(StringComparer.Ordinal).ToList();
        return [$"{jobs.Count} job{(jobs.Count == 1 ? "" : "s")} ({string.Join(", ", jobs.Take(NamedNodes))}{(jobs.Count > NamedNodes ? ", ..." : "")}) on {Nodes(nodes)} the inventory does not know: no meter maps to them, so those jobs get no energy (map the nodes' meters with `metering inventory add-node` and `map`, or check the node names the scheduler reports)"];
    }

    private static string Nodes(IReadOnlyList<string> ids) =>
        (ids.Count == 1 ? "node " : $"{ids.Count} nodes, ") + string.Join(", ", ids.Take(NamedNodes)) + (ids.Count > NamedNodes ? ", ..." : "");
}
