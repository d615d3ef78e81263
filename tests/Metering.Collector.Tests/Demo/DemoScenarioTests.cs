using Metering.Collector.Attribution;
using Metering.Collector.Demo;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Demo;

/// <summary>
/// The demo's world: the loads the meters measure and the truth the final table compares with are one model, the
/// schedule has the cases the demo exists to show, and everything is reproducible from the seed.
/// </summary>
public sealed class DemoScenarioTests
{
    private const long Origin = 1_764_403_200_000;                 // 2025-11-29T08:00:00Z, a multiple of 10 s
    private const long FleetStartUtcMs = Origin - 47_123;         // the fleet clock started earlier, off the grid

    [Theory]
    [InlineData(1, 600_000)]
    [InlineData(2, 180_000)]
    [InlineData(42, 3_600_000)]
    public void Jobs_truth_plus_unallocated_idle_is_the_energy_the_meters_measure(int seed, long durationMs)
    {
        var scenario = Anchored(seed, durationMs);
        var truth = scenario.World().Truth(AttributionPolicy.Default);

        foreach (var node in scenario.Nodes)
        {
            var jobs = scenario.Plans.Where(p => p.NodeIndex == node.Index).Select(scenario.JobId).ToList();
            var jobsTruth = jobs.Sum(id => truth[id].It);
            var idleOfJobs = jobs.Sum(id => truth[id].It - truth[id].Dynamic);
            var unallocatedTruth = (node.IdleWatts * (double)durationMs) - idleOfJobs;   // mJ: W x ms
            var loads = scenario.Loads(node, FleetStartUtcMs);
            var (from, to) = (Monotonic(Origin), Monotonic(Origin + durationMs));
            var metered = (loads[0].EnergyJoules(from, to) + loads[1].EnergyJoules(from, to)) * 1000;   // both PSU feeds, mJ

            Assert.True(unallocatedTruth >= 0, $"{node.NodeId}: jobs take more idle than there is");
            Assert.Equal(metered, jobsTruth + unallocatedTruth, metered * 1e-12);
            Assert.Equal(scenario.World().Buckets().Where(b => b.NodeId == node.NodeId).Sum(b => (double)b.EnergyMillijoules), metered, 1.0 * durationMs / 10_000);
        }
    }

    [Fact]
    public void Each_job_is_true_dynamic_power_plus_an_idle_share_and_each_GPU_rail_stays_below_its_node_s_wall()
    {
        var scenario = Anchored(1, 600_000);
        var truth = scenario.World().Truth(AttributionPolicy.Default);
        foreach (var plan in scenario.Plans)
        {
            var (it, dynamic) = truth[scenario.JobId(plan)];
            var exactDynamic = plan.SecondWatts.Select((w, k) => w * Math.Min(1000, plan.DurationMs - (k * 1000L))).Sum();   // mJ
            Assert.Equal(exactDynamic, dynamic, exactDynamic * 1e-9);
            Assert.True(it > dynamic && dynamic > 0, plan.Key);
        }

        foreach (var node in scenario.Nodes)
        {
            var loads = scenario.Loads(node, FleetStartUtcMs);
            for (var t = Origin; t < Origin + 600_000; t += 997)
            {
                var wall = loads[0].PowerWatts(Monotonic(t)) + loads[1].PowerWatts(Monotonic(t));
                var rails = loads[2].PowerWatts(Monotonic(t)) + loads[3].PowerWatts(Monotonic(t));
                Assert.True(rails < wall * node.PsuEfficiency, $"{node.NodeId} at {t}: rails {rails} W, wall {wall} W");
                Assert.True(loads[2].PowerWatts(Monotonic(t)) < 600, "an INA219 rail is calibrated for 50 A at 12 V");
            }
        }
    }

    [Fact]
    public void The_schedule_has_exclusive_shared_overlapping_and_sub_interval_jobs_without_GPU_conflicts()
    {
        var scenario = Anchored(1, 600_000);
        var plans = scenario.Plans;

        Assert.All(plans, p => Assert.True(p.StartOffsetMs >= 0 && p.EndOffsetMs <= scenario.DurationMs, p.Key));
        Assert.Contains(plans, p => p.GpuIndices.Length == DemoNode.Gpus);                    // a job holding a whole node
        Assert.Contains(plans, p => p.DurationMs < 10_000);                                   // shorter than an interval
        Assert.Contains(plans, p => Overlapping(plans, p).Any(q => q.Purpose != p.Purpose)); // unlike jobs sharing a node
        Assert.Contains(plans, p => Overlapping(plans, p).Any(q => q.Purpose == p.Purpose)); // like jobs sharing a node
        Assert.All(plans, p => Assert.DoesNotContain(Overlapping(plans, p), q => q.GpuIndices.Intersect(p.GpuIndices).Any()));
        Assert.Equal(plans.Count, plans.Select(scenario.JobId).Distinct().Count());
        Assert.All(scenario.Nodes, n => Assert.True(plans.Count(p => p.NodeIndex == n.Index) >= 2, $"{n.NodeId} runs fewer than two jobs"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_site_schedule_and_estimates_and_another_seed_does_not()
    {
        var a = Anchored(7, 300_000);
        var b = Anchored(7, 300_000);
        var c = Anchored(8, 300_000);

        Assert.Equal(a.Nodes, b.Nodes);
        Assert.Equal(a.Plans.Select(Describe), b.Plans.Select(Describe));
        Assert.Equal(a.Estimates(), b.Estimates());
        Assert.NotEqual(a.Plans.Select(Describe), c.Plans.Select(Describe));
    }

    [Fact]
    public void Estimates_cover_every_second_of_every_job_within_5_percent_of_its_true_power()
    {
        var scenario = Anchored(3, 240_000);
        var estimates = scenario.Estimates();

        foreach (var plan in scenario.Plans)
        {
            var job = scenario.SimJob(plan);
            var mine = estimates.Where(e => e.JobId == job.Id).OrderBy(e => e.FromMs).ToList();
            Assert.Equal(plan.SecondWatts.Length, mine.Count);
            Assert.Equal(job.StartMs, mine[0].FromMs);
            Assert.Equal(job.EndMs, mine[^1].ToMs);
            Assert.All(mine, e => Assert.Equal(job.NodeId, e.NodeId));
            Assert.All(mine.Zip(plan.SecondWatts), x => Assert.InRange(x.First.Watts, x.Second * 0.95, x.Second * 1.05));
        }

        Assert.Equal(estimates.OrderBy(e => e.ToMs).Select(e => e.ToMs), estimates.Select(e => e.ToMs));   // in the order they fall due
    }

    [Fact]
    public void Before_the_origin_is_set_a_node_draws_its_idle_floor_and_the_origin_is_set_once_on_the_bucket_grid()
    {
        var scenario = new DemoScenario(1, 600_000);
        var node = scenario.Nodes[0];
        var loads = scenario.Loads(node, FleetStartUtcMs);

        Assert.Equal(node.IdleWatts, loads[0].PowerWatts(5_000_000) + loads[1].PowerWatts(5_000_000), 1e-9);
        Assert.Equal(node.IdleWatts * 3600.0, loads[0].EnergyJoules(0, 3_600_000_000) + loads[1].EnergyJoules(0, 3_600_000_000), 1e-6);
        Assert.Equal(node.GpuIdleDcWatts, loads[2].PowerWatts(5_000_000));
        var misaligned = Assert.Throws<ArgumentException>(() => scenario.Anchor(Origin + 1));
        Assert.Contains("multiple of the 10000 ms bucket width", misaligned.Message);
        Assert.Throws<InvalidOperationException>(() => scenario.JobId(scenario.Plans[0]));

        scenario.Anchor(Origin);
        Assert.Equal(Origin, scenario.OriginMs);
        Assert.Throws<InvalidOperationException>(() => scenario.Anchor(Origin + 10_000));
    }

    [Fact]
    public void The_generated_inventory_maps_each_meter_s_feeds_and_rails_to_its_node_with_the_idle_floor_as_idle_w()
    {
        var nodes = DemoSite.Nodes(1);
        var inventory = DemoSite.Inventory(nodes, DateTimeOffset.FromUnixTimeMilliseconds(Origin));

        Assert.Equal(DemoSite.NodeCount, inventory.Nodes.Count);
        foreach (var n in nodes)
        {
            var node = inventory.FindNode(n.NodeId)!;
            Assert.Equal((DemoNode.Gpus, DemoNode.Cores, (int?)n.IdleWatts), (node.Gpus, node.CpuCores, node.IdleWatts));
            Assert.Equal(["psu1", "psu2"], node.WallFeeds.Select(f => f.Id));
            var config = DemoSite.Config(n, 10);
            Assert.Equal(n.DeviceId, config.DeviceId);
            foreach (var channel in config.Channels)
            {
                var mapping = Assert.Single(inventory.MappingsOf(n.DeviceId, channel.ChannelId));
                Assert.Equal(n.NodeId, mapping.NodeId);
                Assert.Equal($"{n.NodeId} {mapping.FeedId}", channel.Label);
                Assert.Equal(channel.ChannelId < 2 ? FeedRole.Wall : FeedRole.Submeter, node.FindFeed(mapping.FeedId)!.Role);
            }
        }

        Assert.Equal(InventoryJson.Format(inventory), InventoryJson.Format(InventoryJson.Parse(InventoryJson.Format(inventory))));
    }

    private static DemoScenario Anchored(int seed, long durationMs)
    {
        var scenario = new DemoScenario(seed, durationMs);
        scenario.Anchor(Origin);
        return scenario;
    }

    private static long Monotonic(long utcMs) => (utcMs - FleetStartUtcMs) * 1000;

    private static IEnumerable<DemoJobPlan> Overlapping(IReadOnlyList<DemoJobPlan> plans, DemoJobPlan p) =>
        plans.Where(q => q != p && q.NodeIndex == p.NodeIndex && q.StartOffsetMs < p.EndOffsetMs && p.StartOffsetMs < q.EndOffsetMs);

    private static string Describe(DemoJobPlan p) => $"{p.Key} {p.NodeIndex} {string.Join(',', p.GpuIndices)} {p.StartOffsetMs} {p.DurationMs} {p.SecondWatts.Sum()}";
}
