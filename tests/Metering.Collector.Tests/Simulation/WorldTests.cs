using Metering.Simulation;
using Metering.Simulation.Physics;
using static Metering.Collector.Tests.Simulation.ReferenceNode;

namespace Metering.Collector.Tests.Simulation;

/// <summary>The world: its clock's origin, what its meters measure, and what it refuses.</summary>
public sealed class WorldTests
{
    private const long Origin = 1_764_403_200_000;   // 2025-11-29T08:00:00Z

    [Fact]
    public void Before_its_origin_the_meters_measure_the_idle_floor_and_after_it_the_node_on_their_own_clock()
    {
        var world = new World([Spec], [Train, Infer]);
        var clockStart = Origin - 47_123;   // the meters' clock started earlier, off the second
        var loads = world.MeterLoads(0, rails: 2, clockStart);
        long Meter(long worldMicroseconds) => worldMicroseconds + ((Origin - clockStart) * 1000);
        var node = world.Nodes[0];

        Assert.Equal([0, 1, 2, 3], loads.Keys.Order());
        Assert.Equal(node.IdleWallWatts, loads[0].PowerWatts(Meter(20 * Second)) + loads[1].PowerWatts(Meter(20 * Second)), 9);
        Assert.Equal(node.IdleWallWatts * 3600, loads[0].EnergyJoules(0, 3_600 * Second) + loads[1].EnergyJoules(0, 3_600 * Second), 6);

        world.Anchor(Origin);

        Assert.Equal(node.WallWatts(20 * Second), loads[0].PowerWatts(Meter(20 * Second)) + loads[1].PowerWatts(Meter(20 * Second)), 9);
        Assert.Equal(node.WallJoules(0, 120 * Second), loads[0].EnergyJoules(Meter(0), Meter(120 * Second)) + loads[1].EnergyJoules(Meter(0), Meter(120 * Second)), 6);
        Assert.Equal(node.GpuJoules(1, 0, 120 * Second), loads[NodeMeter.RailChannel(2, 1)].EnergyJoules(Meter(0), Meter(120 * Second)), 6);
        Assert.Equal(node.WallJoules(0, 120 * Second), world.Truth("ref", Origin, Origin + 120_000).WallJoules, 6);
        Assert.Throws<InvalidOperationException>(() => world.Anchor(Origin + 10_000));
    }

    [Fact]
    public void The_clock_maps_the_UTC_timeline_to_microseconds_since_the_origin_and_back()
    {
        var world = new World([Spec], [], Origin);

        Assert.Equal((0L, 1_500_000L, -2_000L), (world.MicrosecondsAt(Origin), world.MicrosecondsAt(Origin + 1_500), world.MicrosecondsAt(Origin - 2)));
        Assert.Equal((Origin, Origin + 1, Origin - 1), (world.UtcMillisecondsAt(0), world.UtcMillisecondsAt(1_999), world.UtcMillisecondsAt(-1)));
        Assert.Throws<InvalidOperationException>(() => new World([Spec], []).MicrosecondsAt(Origin));
    }

    [Fact]
    public void A_world_refuses_duplicate_ids_and_jobs_on_nodes_it_lacks()
    {
        Assert.Contains("node ids", Assert.Throws<ArgumentException>(() => new World([Spec, Spec], [])).Message);
        Assert.Contains("job ids", Assert.Throws<ArgumentException>(() => new World([Spec], [Train, Train])).Message);
        Assert.Contains("not in the world", Assert.Throws<ArgumentException>(() => new World([Spec with { NodeId = "other" }], [Train])).Message);
        Assert.Throws<ArgumentException>(() => new World([Spec], [Train]).Node("nope"));
    }
}
