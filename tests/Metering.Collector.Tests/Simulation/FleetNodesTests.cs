using Metering.Firmware.Host.Loads;
using Metering.Simulation;
using Metering.Simulation.Fleet;

namespace Metering.Collector.Tests.Simulation;

/// <summary>The nodes of <c>metering sim</c>: reproducible from the seed, wired as the config says, with exact and consistent integrals.</summary>
public sealed class FleetNodesTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void The_same_seed_gives_the_same_loads_and_another_seed_other_loads()
    {
        long[] instants = [.. Enumerable.Range(0, 500).Select(i => i * 7_919_000L)];
        double[] Powers(int seed, int index) => [.. Loads(seed, index, 2).OrderBy(kv => kv.Key).SelectMany(kv => instants.Select(t => kv.Value.PowerWatts(t)))];

        Assert.Equal(Powers(7, 3), Powers(7, 3));
        Assert.NotEqual(Powers(7, 3), Powers(8, 3));
        Assert.NotEqual(Powers(7, 3), Powers(7, 4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(FleetNodes.GpusPerNode)]
    public void The_config_decodes_under_the_contract_and_names_exactly_the_channels_that_have_loads(int rails)
    {
        var config = FleetNodes.Config(FleetNodes.Node(1, 6).Spec, 6, "sim-0007-a", rails, 10);

        var decoded = ConfigCodec.Decode(ConfigCodec.Encode(config), out var error);

        Assert.Null(error);
        Assert.Equal(Loads(1, 6, rails).Keys.Order(), decoded.Channels.Select(c => c.ChannelId).Order());
        Assert.Equal([SensorKind.Pzem004t, SensorKind.Pzem004t, .. Enumerable.Repeat(SensorKind.Ina219, rails)], decoded.Channels.Select(c => c.Kind));
        Assert.Equal("node0007 psu1", decoded.Channels[0].Label);
    }

    [Fact]
    public void A_node_draws_between_its_idle_floor_and_its_full_load_and_its_rails_carry_its_GPUs_board_power()
    {
        var loads = Enumerable.Range(0, 50).Select(i => Loads(1, i, 4)).ToList();
        var wall = loads.SelectMany(l => Enumerable.Range(0, 3600).Select(s => l[0].PowerWatts(s * Second) + l[1].PowerWatts(s * Second))).ToList();
        var rails = loads.SelectMany(l => Enumerable.Range(0, 3600).Select(s => l[2].PowerWatts(s * Second))).ToList();

        // Idle: 4 GPUs at 20-40 W, 2 sockets at 20-40 W, DRAM 10-30 W, board 80-180 W, fans, over 90-96 % efficiency.
        Assert.InRange(wall.Min(), (4 * 20) + (2 * 20) + 10 + 80, 450 / 0.88);
        Assert.InRange(wall.Max(), 1000, 2600 / 0.9);
        Assert.InRange(rails.Min(), 20, 40);
        Assert.InRange(rails.Max(), 250, 450);
    }

    public static TheoryData<long, long, long> Ranges => new()
    {
        { 0, 3 * Second, 10 * Second },
        { 5 * Second, 123_456_789, 3_600 * Second },
        { 1_000, 1_001, 1_002 },
        { 7_199 * Second, 7_200 * Second, 9_000 * Second },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Energy_adds_up_over_adjacent_ranges_on_every_channel(long a, long b, long c)
    {
        foreach (var load in Loads(3, 1, 4).Values)
        {
            Assert.Equal(load.EnergyJoules(a, c), load.EnergyJoules(a, b) + load.EnergyJoules(b, c), Tolerance(load.EnergyJoules(a, c)));
        }
    }

    [Fact]
    public void What_the_sensors_see_is_the_truth_also_when_asked_again_and_again_from_power_up()
    {
        var truth = Loads(5, 2, 0)[0];
        var sensed = new RunningEnergyLoad(truth);

        for (var t = 0L; t < 86_400 * Second; t += 997 * Second)
        {
            Assert.Equal(truth.EnergyJoules(0, t), sensed.EnergyJoules(0, t), Tolerance(truth.EnergyJoules(0, t)));
            Assert.Equal(truth.EnergyJoules(t, t + Second), sensed.EnergyJoules(t, t + Second));
        }
    }

    /// <summary>The meter's loads of fleet node <paramref name="index"/>, on a clock that starts at the world's origin.</summary>
    private static IReadOnlyDictionary<int, ILoadProfile> Loads(int seed, int index, int rails)
    {
        var (spec, work) = FleetNodes.Node(seed, index);
        return new World([spec], work, originUtcMilliseconds: 0).MeterLoads(0, rails, clockStartUtcMilliseconds: 0);
    }

    /// <summary>Floating-point sums of many pieces: equal to about one part in a billion.</summary>
    private static double Tolerance(double joules) => 1e-9 * (Math.Abs(joules) + 1);
}
