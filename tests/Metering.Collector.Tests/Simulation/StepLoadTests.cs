using Metering.Firmware.Host.Loads;

namespace Metering.Collector.Tests.Simulation;

/// <summary>
/// The step loads the world is built from: each says where its power may change, its power holds until then, and its
/// energy is the exact integral (the same as summing the pieces).
/// </summary>
public sealed class StepLoadTests
{
    private const long Second = 1_000_000;

    public static TheoryData<string, IStepLoad> Loads => new()
    {
        { "constant", new ConstantLoad(42) },
        { "step", new StepLoad(10, 90, 2_500_000) },
        { "square wave", new SquareWaveLoad(60, 400, 700_000, 0.6, 123_456) },
        { "gated square wave", new GatedLoad(new SquareWaveLoad(60, 400, 300_000, 0.5), 10 * Second, 4 * Second, 3 * Second) },
        { "phases", new PhaseLoad(1_500_000, Second, [100, 250, 0, 75.5]) },
        { "settable", Settable() },
    };

    [Theory]
    [MemberData(nameof(Loads))]
    public void Power_holds_until_the_next_change_and_the_energy_is_the_sum_over_the_pieces(string name, IStepLoad load)
    {
        double pieces = 0;
        for (long t = -Second, next; t < 20 * Second; t = next)
        {
            next = Math.Min(20 * Second, load.NextChangeMicroseconds(t));
            Assert.True(next > t, $"{name}: the next change after {t} is {next}");
            foreach (var inside in new[] { t, (t + next) / 2, next - 1 })
            {
                Assert.Equal(load.PowerWatts(t), load.PowerWatts(inside));
            }

            pieces += load.PowerWatts(t) * (next - t) / 1e6;
        }

        Assert.Equal(pieces, load.EnergyJoules(-Second, 20 * Second), 1e-6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(250_000)]
    [InlineData(-400_000)]
    public void A_gated_load_draws_its_inner_load_only_while_on(long phase)
    {
        var gated = new GatedLoad(new ConstantLoad(100), 1_000_000, 300_000, phase);

        var onTime = Enumerable.Range(0, 10_000).Count(ms => gated.PowerWatts(ms * 1000L) > 0) / 1000.0;

        Assert.Equal(3.0, onTime, 3);
        Assert.Equal(300.0, gated.EnergyJoules(0, 10 * Second), 6);
        Assert.Equal(gated.PowerWatts(123_000) * 1e-3, gated.EnergyJoules(123_000, 124_000), 9);
    }

    [Fact]
    public void Phases_draw_nothing_before_the_first_and_after_the_last()
    {
        var phases = new PhaseLoad(2 * Second, Second, [100, 200]);

        Assert.Equal((0.0, 100.0, 200.0, 0.0), (phases.PowerWatts(2 * Second - 1), phases.PowerWatts(2 * Second), phases.PowerWatts((3 * Second) + 5), phases.PowerWatts(4 * Second)));
        Assert.Equal(300.0, phases.EnergyJoules(0, 10 * Second), 9);
        Assert.Equal((2 * Second, 3 * Second, long.MaxValue), (phases.NextChangeMicroseconds(0), phases.NextChangeMicroseconds(2 * Second), phases.NextChangeMicroseconds(4 * Second)));
    }

    private static SettableLoad Settable()
    {
        var load = new SettableLoad(5);
        load.Set(Second, 50);
        load.Set(4_200_000, 0);
        return load;
    }
}
