using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Nodes;

public sealed class NodeEnergyPropertyTests
{
    private const long End = long.MaxValue / 4;

    [Property(MaxTest = 300)]
    public Property With_ample_retention_the_latest_emissions_hold_every_mapped_millijoule() =>
        Prop.ForAll(NodeEnergyScript.Steps, steps =>
        {
            var events = NodeEnergyScript.Play(steps);
            var nodes = new NodeEnergyAccumulator(NodeEnergyScript.Inventory(), new NodeEnergyOptions { RetentionMs = End });
            var emitted = NodeEnergyScript.Run(nodes, events);
            emitted.AddRange(nodes.TakeReady(End));

            var mapped = events.Where(e => e.Interval is { ChannelId: < 4 }).Sum(e => e.Interval!.EnergyMillijoules);
            Assert.Equal(mapped, Latest(emitted).Sum(b => b.Feeds.Sum(f => f.EnergyMillijoules)));
            Assert.Equal(0, nodes.Stats.TooLateMillijoules);
            return nodes.BucketCount == Latest(emitted).Count;
        });

    [Property(MaxTest = 300)]
    public Property With_short_retention_emitted_plus_too_late_plus_unmapped_is_every_millijoule() =>
        Prop.ForAll(NodeEnergyScript.Steps, steps =>
        {
            var events = NodeEnergyScript.Play(steps);
            var nodes = new NodeEnergyAccumulator(NodeEnergyScript.Inventory(), new NodeEnergyOptions { LatenessHorizonMs = 20_000, RetentionMs = 60_000 });
            var emitted = NodeEnergyScript.Run(nodes, events);
            emitted.AddRange(nodes.TakeReady(End));

            var total = events.Sum(e => e.Interval?.EnergyMillijoules ?? 0);
            var accounted = Latest(emitted).Sum(b => b.Feeds.Sum(f => f.EnergyMillijoules)) + nodes.Stats.TooLateMillijoules + nodes.Stats.UnmappedMillijoules;
            Assert.Equal(total, accounted);
            return nodes.BucketCount == 0;
        });

    [Property(MaxTest = 300)]
    public Property Every_emission_is_consistent() =>
        Prop.ForAll(NodeEnergyScript.Steps, steps =>
        {
            var nodes = new NodeEnergyAccumulator(NodeEnergyScript.Inventory(), new NodeEnergyOptions { LatenessHorizonMs = 30_000, RetentionMs = 90_000 });
            var emitted = NodeEnergyScript.Run(nodes, NodeEnergyScript.Play(steps));
            emitted.AddRange(nodes.TakeReady(End));

            foreach (var b in emitted)
            {
                Assert.Equal(b.Feeds.Where(f => f.Role == FeedRole.Wall).Sum(f => f.EnergyMillijoules), b.EnergyMillijoules);
                Assert.InRange(b.Coverage, 0, 1);
                Assert.InRange(b.BridgedShare, 0, b.Coverage);
                Assert.Equal(0, b.BucketStartMs % b.WidthMs);
                Assert.All(b.Feeds, f => Assert.InRange(f.BridgedMs, 0, f.CoveredMs));
            }

            // Revisions of one bucket count up from 0 in emission order.
            return emitted.GroupBy(b => (b.NodeId, b.BucketStartMs)).All(g => g.Select(b => b.Revision).SequenceEqual(Enumerable.Range(0, g.Count())));
        });

    [Property(MaxTest = 200)]
    public Property A_restart_from_an_exported_snapshot_emits_what_an_uninterrupted_run_emits() =>
        Prop.ForAll(NodeEnergyScript.Steps, Gen.Choose(0, 1000).ToArbitrary(), (steps, cut) =>
        {
            var events = NodeEnergyScript.Play(steps);
            var split = cut % (events.Count + 1);
            var options = new NodeEnergyOptions { LatenessHorizonMs = 20_000, RetentionMs = 60_000 };
            var straight = new NodeEnergyAccumulator(NodeEnergyScript.Inventory(), options);
            var expected = Json(NodeEnergyScript.Run(straight, events));

            var first = new NodeEnergyAccumulator(NodeEnergyScript.Inventory(), options);
            var emitted = NodeEnergyScript.Run(first, events.Take(split));
            var snapshot = JsonSerializer.Deserialize<NodeEnergySnapshot>(JsonSerializer.Serialize(first.Export()))!;
            var resumed = NodeEnergyAccumulator.Import(snapshot, NodeEnergyScript.Inventory(), options);
            emitted.AddRange(NodeEnergyScript.Run(resumed, events.Skip(split)));

            return Json(emitted) == expected && JsonSerializer.Serialize(resumed.Export()) == JsonSerializer.Serialize(straight.Export());
        });

    private static List<NodeEnergy> Latest(IEnumerable<NodeEnergy> emitted) =>
        [.. emitted.GroupBy(b => (b.SiteId, b.NodeId, b.BucketStartMs)).Select(g => g.Last())];

    private static string Json(List<NodeEnergy> emitted) => JsonSerializer.Serialize(emitted);
}
