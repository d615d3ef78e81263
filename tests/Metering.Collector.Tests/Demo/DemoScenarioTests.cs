using Metering.Collector.Demo;
using Metering.Collector.Nodes;
using Metering.Simulation.Physics;

namespace Metering.Collector.Tests.Demo;

/// <summary>
/// The demo's world: the meters and the truth the final table compares with measure one world, the estimates are
/// what NVML would report, the schedule has the cases the demo exists to show, and everything is reproducible from
/// the seed.
/// </summary>
public sealed class DemoScenarioTests
{
    private const long Origin = 1_764_403_200_000;                 // 2025-11-29T08:00:00Z, a multiple of 10 s
    private const long FleetStartUtcMs = Origin - 47_123;         // the fleet clock started earlier, off the grid

    [Theory]
    [InlineData(1, 600_000)]
    [InlineData(2, 180_000)]
    [InlineData(42, 3_600_000)]
    public void Jobs_truth_plus_unallocated_is_the_energy_the_meters_measure(int seed, long durationMs)
    {
        var scenario = Anchored(seed, durationMs);

        foreach (var node in scenario.Nodes)
        {
            var truth = scenario.Truth()[node.NodeId];
            var loads = scenario.World.MeterLoads(node.Index, DemoNode.MeteredRails, FleetStartUtcMs);
            var (from, to) = (Monotonic(Origin), Monotonic(Origin + durationMs));
            var metered = loads[0].EnergyJoules(from, to) + loads[1].EnergyJoules(from, to);   // both PSU feeds, J

            Assert.Equal(metered, truth.WallJoules, metered * 1e-12);
            Assert.Equal(metered, truth.Jobs.Values.Sum(j => j.Joules) + truth.UnallocatedJoules, metered * 1e-9);
            Assert.Equal(scenario.Plans.Count(p => p.NodeIndex == node.Index), truth.Jobs.Count);
            Assert.True(truth.UnallocatedJoules >= 0, $"{node.NodeId}: jobs take more idle than there is");
        }
    }

    [Fact]
    public void Each_job_draws_its_GPUs_cores_and_DRAM_and_each_GPU_rail_stays_below_its_node_s_wall_and_its_INA219_range()
    {
        var scenario = Anchored(1, 600_000);
        foreach (var plan in scenario.Plans)
        {
            var truth = scenario.Truth(plan);
            var exact = Enumerable.Range(0, (int)((plan.DurationMs + 999) / 1000)).Sum(k =>
                (plan.Power.GpuWatts(0).PowerWatts((plan.StartOffsetMs * 1000) + (k * 1_000_000L)) * plan.GpuIndices.Length
                    + (plan.Cores * plan.Power.CoreWatts.PowerWatts(0)) + plan.Power.DramWatts.PowerWatts(0)) * Math.Min(1, (plan.DurationMs - (k * 1000L)) / 1000.0));
            Assert.Equal(exact, truth.DynamicDcJoules, exact * 1e-9);
            Assert.True(truth.IdleJoules > 0 && truth.DynamicJoules > truth.DynamicDcJoules, plan.Key);
        }

        foreach (var node in scenario.Nodes)
        {
            var loads = scenario.World.MeterLoads(node.Index, DemoNode.MeteredRails, FleetStartUtcMs);
            for (var t = Origin; t < Origin + 600_000; t += 997)
            {
                var wall = loads[0].PowerWatts(Monotonic(t)) + loads[1].PowerWatts(Monotonic(t));
                var rails = loads[2].PowerWatts(Monotonic(t)) + loads[3].PowerWatts(Monotonic(t));
                Assert.True(rails < wall * 0.96, $"{node.NodeId} at {t}: rails {rails} W, wall {wall} W");
                Assert.True(loads[2].PowerWatts(Monotonic(t)) < NodeMeter.RailMaxMilliamps * 12 / 1000, "an INA219 rail is calibrated for 50 A at 12 V");
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

        Assert.Equal(a.Nodes.Select(n => Describe(n.Spec)), b.Nodes.Select(n => Describe(n.Spec)));
        Assert.Equal(a.Plans.Select(Describe), b.Plans.Select(Describe));
        Assert.Equal(a.Estimates(), b.Estimates());
        Assert.NotEqual(a.Plans.Select(Describe), c.Plans.Select(Describe));
        Assert.NotEqual(a.Nodes.Select(n => Describe(n.Spec)), c.Nodes.Select(n => Describe(n.Spec)));
    }

    [Fact]
    public void Estimates_cover_every_second_of_every_job_with_what_NVML_reports_for_its_GPUs()
    {
        var scenario = Anchored(3, 240_000);
        var estimates = scenario.Estimates();

        foreach (var plan in scenario.Plans)
        {
            var node = scenario.World.Node(scenario.Nodes[plan.NodeIndex].NodeId);
            var mine = estimates.Where(e => e.JobId == scenario.JobId(plan)).OrderBy(e => e.FromMs).ToList();
            Assert.Equal((int)((plan.DurationMs + 999) / 1000), mine.Count);
            Assert.Equal((scenario.StartMs(plan), scenario.EndMs(plan)), (mine[0].FromMs, mine[^1].ToMs));
            Assert.All(mine, e => Assert.Equal(node.Id, e.NodeId));

            // The H100 reports the mean of its readings of the last second (on its own 100 ms grid, so reaching into
            // the job's previous second): between the least and the most its GPUs' board power (idle included) was
            // over that stretch, each GPU off by at most 5 W; no CPU, DRAM, fans or supply losses.
            foreach (var e in mine)
            {
                var to = scenario.World.MicrosecondsAt(e.ToMs);
                var board = Enumerable.Range(0, 1100).Select(ms => plan.GpuIndices.Sum(g => node.GpuWatts(g, to - (ms * 1000L) - 1))).ToList();
                Assert.InRange(e.Watts, board.Min() - (5 * plan.GpuIndices.Length), board.Max() + (5 * plan.GpuIndices.Length));
            }
        }

        Assert.Equal(estimates.OrderBy(e => e.ToMs).Select(e => e.ToMs), estimates.Select(e => e.ToMs));   // in the order they fall due
    }

    [Fact]
    public void Before_the_origin_is_set_a_node_draws_its_idle_floor_and_the_origin_is_set_once_on_the_bucket_grid()
    {
        var scenario = new DemoScenario(1, 600_000);
        var node = scenario.Nodes[0];
        var idle = scenario.World.Node(node.NodeId);
        var loads = scenario.World.MeterLoads(node.Index, DemoNode.MeteredRails, FleetStartUtcMs);

        Assert.Equal(idle.IdleWallWatts, loads[0].PowerWatts(5_000_000) + loads[1].PowerWatts(5_000_000), 9);
        Assert.Equal(idle.IdleWallWatts * 3600.0, loads[0].EnergyJoules(0, 3_600_000_000) + loads[1].EnergyJoules(0, 3_600_000_000), 1e-6);
        Assert.Equal(node.Spec.GpuIdleWatts, loads[2].PowerWatts(5_000_000));
        var misaligned = Assert.Throws<ArgumentException>(() => scenario.Anchor(Origin + 1));
        Assert.Contains("multiple of the 10000 ms bucket width", misaligned.Message);
        Assert.Throws<InvalidOperationException>(() => scenario.JobId(scenario.Plans[0]));

        scenario.Anchor(Origin);
        Assert.Equal(Origin, scenario.OriginMs);
        Assert.Throws<InvalidOperationException>(() => scenario.Anchor(Origin + 10_000));
    }

    [Fact]
    public void The_generated_inventory_maps_each_meter_s_feeds_and_rails_to_its_node_and_leaves_the_idle_floor_to_be_learned()
    {
        var scenario = new DemoScenario(1, 600_000);
        var inventory = DemoSite.Inventory(scenario.Nodes, DateTimeOffset.FromUnixTimeMilliseconds(Origin));

        Assert.Equal(DemoSite.NodeCount, inventory.Nodes.Count);
        foreach (var n in scenario.Nodes)
        {
            var node = inventory.FindNode(n.NodeId)!;
            var floor = scenario.World.Node(n.NodeId).IdleWallWatts;
            Assert.Equal((DemoNode.Gpus, DemoNode.Cores), (node.Gpus, node.CpuCores));
            Assert.Null(node.IdleWatts);
            Assert.InRange(floor, 700, 950);
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

    private static string Describe(DemoJobPlan p) =>
        $"{p.Key} {p.NodeIndex} {string.Join(',', p.GpuIndices)} {p.StartOffsetMs} {p.DurationMs} {p.Power.GpuWatts(0).EnergyJoules(0, long.MaxValue / 2)}";

    private static string Describe(NodeSpec s) => $"{s.GpuIdleWatts} {s.SocketIdleWatts} {s.DramIdleWatts} {s.BoardWatts} {s.Fans} {string.Join(',', s.FeedShares)}";
}
