using Metering.Collector.Carbon;
using Metering.Collector.Nodes;

namespace Metering.Collector.Attribution;

/// <summary>
/// Which PUE and carbon intensity a re-attributed bucket gets (README.md, "Factors keep their time"). A factor is a
/// fact about the bucket's time: a bucket re-attributed after a configuration change keeps the PUE and intensity it
/// was first attributed with, so a restart with another, or a forgotten, setting never rewrites what is stored. The
/// one exception is a stand-in: a bucket attributed with no PUE (1.0, <c>pue_default</c>), no intensity
/// (<c>carbon_missing</c>) or an intensity carried past its series' end (<c>carbon_extrapolated</c>) takes the
/// configured value once there is one for its time, and <see cref="StandInsReplaced"/> counts it.
/// </summary>
public sealed partial class AttributionStage
{
    private const AttributionFlags CarbonStandIn = AttributionFlags.CarbonMissing | AttributionFlags.CarbonExtrapolated;

    /// <summary>Buckets whose stand-in PUE or carbon intensity a configured value replaced, since start.</summary>
    public long StandInsReplaced { get; private set; }

    /// <summary>
    /// Re-attributes every retained bucket attributed with a stand-in PUE or carbon intensity for which the model now
    /// has a configured value (after a configuration change, or at start); returns what to write and how many buckets.
    /// </summary>
    public (AttributionUpdate Update, int Buckets) ReplaceStandIns()
    {
        var updates = new List<AttributionUpdate>();
        foreach (var a in Ledger.Export().Buckets)
        {
            var r = a.Remainder;
            var node = Inventory.FindNode(r.NodeId);
            var now = Attributor.Facility.For(node?.PueZone ?? r.SiteId, r.SiteId, r.BucketStartMs, r.BucketEndMs);
            if (Fills(r, now) is (true, _) or (_, true))
            {
                _reattributed++;
                updates.Add(Run(ToNodeEnergy(r)));
            }
        }

        return (AttributionUpdate.Concat(updates), updates.Count);
    }

    /// <summary>The factors for <paramref name="energy"/>: the model's for a new bucket; for a retained one its own, but for stand-ins the model now fills.</summary>
    private FacilityFactors FactorsFor(Node node, NodeEnergy energy)
    {
        var now = Attributor.Facility.For(node.PueZone, energy.SiteId, energy.BucketStartMs, energy.BucketStartMs + energy.WidthMs);
        if (Ledger.Find(node.Id, energy.BucketStartMs) is not { } previous)
        {
            return now;
        }

        var r = previous.Remainder;
        var (replacePue, replaceCarbon) = Fills(r, now);
        StandInsReplaced += replacePue || replaceCarbon ? 1 : 0;
        var pue = replacePue ? now.Pue : new PueLookup(r.Pue, r.Flags.HasFlag(AttributionFlags.PueDefault) ? PueSource.Default : PueSource.Zone);
        var carbon = replaceCarbon ? now.Carbon
            : new CarbonLookup(r.GramsPerKwh, r.Flags.HasFlag(AttributionFlags.CarbonMissing) ? CarbonSource.None : CarbonSource.Zone, r.Flags.HasFlag(AttributionFlags.CarbonExtrapolated));
        return new FacilityFactors(pue, carbon);
    }

    /// <summary>Whether <paramref name="now"/> fills a stand-in of the bucket attributed as <paramref name="r"/>: its PUE, its carbon intensity.</summary>
    private static (bool Pue, bool Carbon) Fills(NodeIntervalRemainder r, FacilityFactors now) =>
        (r.Flags.HasFlag(AttributionFlags.PueDefault) && now.Pue.Source != PueSource.Default,
         (r.Flags & CarbonStandIn) != 0 && now.Carbon.Source != CarbonSource.None && !now.Carbon.Extrapolated);
}
