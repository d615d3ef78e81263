using Metering.Firmware.Host.Loads;
using Metering.Simulation.Physics;
using Metering.Simulation.Workloads;
using static Metering.Collector.Tests.Simulation.ReferenceNode;

namespace Metering.Collector.Tests.Simulation;

/// <summary>A simulated node's physics: its parts, its fans, its supplies' efficiency curve, its rails and feeds, and its exact integrals.</summary>
public sealed class NodePhysicsTests
{
    [Theory]
    [InlineData("Gold", 0.20, 0.88)]
    [InlineData("Gold", 0.50, 0.92)]
    [InlineData("Gold", 1.00, 0.88)]
    [InlineData("Platinum", 0.20, 0.90)]
    [InlineData("Platinum", 0.50, 0.94)]
    [InlineData("Platinum", 1.00, 0.91)]
    [InlineData("Titanium", 0.10, 0.90)]
    [InlineData("Titanium", 0.20, 0.94)]
    [InlineData("Titanium", 0.50, 0.96)]
    [InlineData("Titanium", 1.00, 0.91)]
    [InlineData("Titanium", 0.35, 0.95)]     // halfway between 20 % and 50 %
    [InlineData("Titanium", 0.75, 0.935)]    // halfway between 50 % and 100 %
    [InlineData("Titanium", 0.02, 0.90)]     // held flat below the first point
    [InlineData("Platinum", 1.30, 0.91)]     // and above the last
    public void Each_supply_class_goes_through_its_80_PLUS_points_and_is_linear_between_them(string name, double load, double efficiency)
    {
        var curve = name switch { "Gold" => EfficiencyCurve.Gold, "Platinum" => EfficiencyCurve.Platinum, _ => EfficiencyCurve.Titanium };

        Assert.Equal(efficiency, curve.At(load), 12);
    }

    [Theory]
    [InlineData(740, 19.2)]         // idle heat: 40 % speed, 0.4^3 x 300 W
    [InlineData(500, 19.2)]         // never below idle speed
    [InlineData(2870, 102.9)]       // halfway: 70 % speed, 0.7^3 x 300 W
    [InlineData(5000, 300)]         // full speed
    [InlineData(9000, 300)]         // and no faster
    public void Fans_speed_up_linearly_with_heat_and_draw_the_cube_of_their_speed(double heatWatts, double fanWatts) =>
        Assert.Equal(fanWatts, Spec.Fans.Watts(heatWatts, Spec.IdleHeatWatts), 9);

    public static TheoryData<long, double, double, double, double, double, double> Instants => new()
    {
        // t (s), GPUs, CPU, DRAM, fans, each feed, wall (W): the README's worked example.
        { 0, 480, 100, 30, 19.2, 416.8619, 833.7238 },
        { 20, 2080, 196, 46, 79.0590, 1325.4540, 2650.9081 },
        { 50, 2240, 212, 49, 88.7573, 1421.1499, 2842.2999 },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void Every_part_adds_up_to_the_DC_load_and_each_feed_carries_its_share_over_its_efficiency(long seconds, double gpus, double cpu, double dram, double fans, double feed, double wall)
    {
        var node = Create();

        var p = node.PowerAt(seconds * Second);

        Assert.Equal((gpus, cpu, dram, 130.0), (p.GpuWatts.Sum(), p.CpuWatts, p.DramWatts, p.BoardWatts));
        Assert.Equal(fans, p.FanWatts, 3);
        Assert.Equal(p.HeatWatts + p.FanWatts, p.DcWatts, 9);
        Assert.All(p.FeedWatts, f => Assert.Equal(feed, f, 3));
        Assert.Equal(wall, p.WallWatts, 3);
        Assert.Equal(p.DcWatts / 2 / EfficiencyCurve.Titanium.At(p.DcWatts / 2 / 3000), p.FeedWatts[0], 9);
        Assert.Equal(p.WallWatts, node.WallWatts(seconds * Second), 9);
        Assert.All(Enumerable.Range(0, 8), g => Assert.Equal(p.GpuWatts[g], node.GpuWatts(g, seconds * Second)));
    }

    [Fact]
    public void The_idle_floor_is_the_wall_power_with_no_job_and_losses_and_fans_grow_with_the_load()
    {
        var node = Create();

        Assert.Equal(833.7238, node.IdleWallWatts, 3);
        Assert.Equal(node.PowerAt(0).WallWatts, node.IdleWallWatts, 12);
        Assert.Equal(node.PowerAt(200 * Second).WallWatts, node.IdleWallWatts, 12);
        var (idle, busy) = (node.PowerAt(0), node.PowerAt(50 * Second));
        Assert.True(busy.PsuLossWatts > idle.PsuLossWatts && busy.FanWatts > idle.FanWatts);
        Assert.True(busy.PsuLossWatts / busy.WallWatts < idle.PsuLossWatts / idle.WallWatts, "the supplies are more efficient at 47 % load than at 13 %");
    }

    [Fact]
    public void Energies_are_exact_integrals_of_the_powers_over_every_piece()
    {
        var node = Create();
        var wallBySecond = Enumerable.Range(0, 120).Sum(s => node.WallWatts(s * Second));   // constant within each second here
        var feeds = node.FeedJoules(0, 0, 120 * Second) + node.FeedJoules(1, 0, 120 * Second);

        Assert.Equal(wallBySecond, node.WallJoules(0, 120 * Second), 6);
        Assert.Equal(node.WallJoules(0, 120 * Second), feeds, 6);
        Assert.Equal((4 * 460 * 60.0) + (4 * 60 * 60.0), Enumerable.Range(0, 4).Sum(g => node.GpuJoules(g, 10 * Second, 70 * Second) + node.GpuJoules(g + 4, 10 * Second, 70 * Second)) - (2 * 80 * 30.0), 6);
        Assert.Equal(node.WallJoules(0, 33_333_333) + node.WallJoules(33_333_333, 120 * Second), node.WallJoules(0, 120 * Second), 6);
    }

    public static TheoryData<string, SimJob[], string> Refused => new()
    {
        { "another node", [new SimJob("x", "elsewhere", [0], 8, 0, Second, Power())], "runs on elsewhere" },
        { "a GPU it lacks", [ReferenceNode.Job("x", [8], 8, 0, 1, 10, 1, 1)], "distinct GPUs of 0..7" },
        { "a GPU twice", [ReferenceNode.Job("x", [1, 1], 8, 0, 1, 10, 1, 1)], "distinct GPUs" },
        { "a GPU held at once", [ReferenceNode.Job("a", [0, 1], 16, 0, 10, 10, 1, 1), ReferenceNode.Job("b", [1], 8, 5, 15, 10, 1, 1)], "holds a GPU that a holds" },
        { "too many cores", [ReferenceNode.Job("a", [0], 40, 0, 10, 10, 1, 1), ReferenceNode.Job("b", [1], 40, 5, 15, 10, 1, 1)], "more than the node's 64 cores" },
        { "no time", [ReferenceNode.Job("x", [0], 8, 5, 5, 10, 1, 1)], "must end after it starts" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_node_refuses_jobs_that_cannot_run_on_it(string why, SimJob[] jobs, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new SimulatedNode(Spec, jobs));

        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{why}: {e.Message}");
    }

    private static JobPower Power() => new([new ConstantLoad(1)], new ConstantLoad(0), new ConstantLoad(0));
}
