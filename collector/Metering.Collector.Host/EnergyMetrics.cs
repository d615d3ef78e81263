using Metering.Collector.Nodes;

namespace Metering.Collector.Host;

/// <summary>
/// What the meters measured, on /metrics in base units: per node and feed an energy counter in joules (energy as it
/// reaches a node bucket, <see cref="NodeEnergyAccumulator.TakeChangedTotals"/>) and a power gauge in watts (the mean
/// of its newest emitted bucket). Labels are the inventory's ids. Single-caller (the ingest pipeline).
/// </summary>
public sealed class EnergyMetrics(CollectorMetrics metrics)
{
    private readonly Dictionary<string, long> _newest = new(StringComparer.Ordinal);

    /// <summary>Updates the counters from <paramref name="nodeEnergy"/>'s totals and the gauges from the buckets just emitted.</summary>
    public void Export(NodeEnergyAccumulator nodeEnergy, IReadOnlyList<NodeEnergy> ready)
    {
        var (feeds, nodes) = nodeEnergy.TakeChangedTotals();
        foreach (var t in feeds)
        {
            metrics.FeedEnergy.WithLabels(t.SiteId, t.NodeId, t.FeedId!, t.Role.Token()).IncTo(t.Millijoules / 1000.0);
        }

        foreach (var t in nodes)
        {
            metrics.NodeEnergy.WithLabels(t.SiteId, t.NodeId).IncTo(t.Millijoules / 1000.0);
        }

        foreach (var n in ready)
        {
            if (n.BucketStartMs < _newest.GetValueOrDefault(n.NodeId, long.MinValue))
            {
                continue;
            }

            _newest[n.NodeId] = n.BucketStartMs;
            metrics.NodePower.WithLabels(n.SiteId, n.NodeId).Set(n.PowerMeanMilliwatts / 1000.0);
            foreach (var f in n.Feeds)
            {
                metrics.FeedPower.WithLabels(n.SiteId, n.NodeId, f.FeedId, f.Role.Token()).Set(n.WidthMs > 0 ? (double)f.EnergyMillijoules / n.WidthMs : 0);
            }
        }
    }
}
