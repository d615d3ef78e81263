using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests;

/// <summary>The load profiles' exact energies, which the accuracy tests take as the truth.</summary>
public sealed class LoadProfileTests
{
    [Fact]
    public void Constant_step_and_ramp_energies_are_their_areas()
    {
        Assert.Equal(1000.0, new ConstantLoad(100).EnergyJoules(0, 10_000_000), 9);
        Assert.Equal((100 * 4) + (300 * 6), new StepLoad(100, 300, 4_000_000).EnergyJoules(0, 10_000_000), 9);
        Assert.Equal(200 * 10.0, new RampLoad(100, 300, 0, 10_000_000).EnergyJoules(0, 10_000_000), 9);
        Assert.Equal((100 * 2) + (200 * 10.0) + (300 * 3), new RampLoad(100, 300, 2_000_000, 12_000_000).EnergyJoules(0, 15_000_000), 9);
    }

    [Fact]
    public void Square_wave_energy_counts_high_time_exactly_including_partial_periods()
    {
        var wave = new SquareWaveLoad(50, 350, periodMicroseconds: 100_000, duty: 0.3);

        Assert.Equal((350 * 0.3) + (50 * 0.7), wave.EnergyJoules(0, 1_000_000), 9);
        Assert.Equal(350 * 0.01, wave.EnergyJoules(10_000, 20_000), 9);
        Assert.Equal((350 * 0.02) + (50 * 0.03), wave.EnergyJoules(10_000, 60_000), 9);
        Assert.Equal(350.0, wave.PowerWatts(29_999));
        Assert.Equal(50.0, wave.PowerWatts(30_000));
    }

    [Fact]
    public void Settable_load_integrates_its_history()
    {
        var load = new SettableLoad(100);
        load.Set(1_000_000, 400);
        load.Set(3_000_000, 0);

        Assert.Equal(100 + 800.0, load.EnergyJoules(0, 5_000_000), 9);
        Assert.Equal(400.0, load.PowerWatts(2_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => load.Set(2_000_000, 1));
    }

    [Fact]
    public void Sum_adds_parts()
    {
        var sum = new SumLoad(new ConstantLoad(100), new StepLoad(0, 50, 1_000_000));

        Assert.Equal(200 + 50.0, sum.EnergyJoules(0, 2_000_000), 9);
    }
}
