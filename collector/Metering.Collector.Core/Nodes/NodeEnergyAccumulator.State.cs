namespace Metering.Collector.Nodes;

/// <summary>Export and import of the accumulator's state (<see cref="NodeEnergySnapshot"/>).</summary>
public sealed partial class NodeEnergyAccumulator
{
    /// <summary>Everything held now, in a deterministic order.</summary>
    public NodeEnergySnapshot Export() => new(
        Options.WidthMs,
        [.. _buckets.OrderBy(b => b.Key).Select(b => b.Value.ToSnapshot())],
        [.. _reach.OrderBy(r => r.Key.Node, StringComparer.Ordinal).ThenBy(r => r.Key.Feed, StringComparer.Ordinal).Select(r => new FeedReach(r.Key.Node, r.Key.Feed, r.Value))],
        [.. _marks.OrderBy(m => m.Key).Select(m => new ChannelMark(m.Key.DeviceId, m.Key.ChannelId, m.Value.Boot, m.Value.Sequence))],
        [.. _evictedBefore.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new NodeEviction(e.Key, e.Value))],
        Stats);

    /// <summary>An accumulator holding <paramref name="snapshot"/>; refused when the snapshot's width differs from the options'.</summary>
    public static NodeEnergyAccumulator Import(NodeEnergySnapshot snapshot, Inventory inventory, NodeEnergyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var a = new NodeEnergyAccumulator(inventory, options);
        if (snapshot.WidthMs != a.Options.WidthMs)
        {
            throw new ArgumentException($"the snapshot has {snapshot.WidthMs} ms buckets, the options {a.Options.WidthMs} ms", nameof(snapshot));
        }

        foreach (var s in snapshot.Buckets)
        {
            var b = NodeBucket.FromSnapshot(s);
            a._buckets.Add(b.Key, b);
            (b.Emitted ? a._emitted : a._pending).Add(b.Key);
            if (b.Dirty)
            {
                a._dirty.Add(b.Key);
            }
        }

        foreach (var r in snapshot.Reaches)
        {
            a._reach[(r.NodeId, r.FeedId)] = r.EndMs;
        }

        foreach (var m in snapshot.Channels)
        {
            a._marks[new(m.DeviceId, m.ChannelId)] = (m.Boot, m.Sequence);
        }

        foreach (var e in snapshot.Evicted)
        {
            a._evictedBefore[e.NodeId] = e.BeforeMs;
        }

        a.Stats = snapshot.Stats;
        return a;
    }
}
