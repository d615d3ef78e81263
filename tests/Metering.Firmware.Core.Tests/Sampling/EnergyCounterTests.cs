using Metering.Firmware.Core.Sampling;

namespace Metering.Firmware.Core.Tests.Sampling;

public sealed class EnergyCounterTests
{
    [Theory]
    [InlineData(1000, 1000, 1_000_000, 1000, 0)]
    [InlineData(1, 2, 1, 0, 1)]
    [InlineData(100_000_000, 100_000_000, 1_000_000_000, 100_000_000_000, 0)]
    [InlineData(333, 334, 3, 0, 1000)]
    public void Adds_trapezoids_in_integers(long p1, long p2, long us, long expectedMj, long expectedRemainderNj)
    {
        var c = new EnergyCounter();

        c.AddTrapezoid(p1, p2, us);

        Assert.Equal((expectedMj, expectedRemainderNj), (c.Millijoules, c.RemainderNanojoules));
    }

    [Fact]
    public void Remainders_accumulate_without_loss()
    {
        var c = new EnergyCounter();

        for (var i = 0; i < 1_000_000; i++)
        {
            c.AddTrapezoid(1, 1, 1);
        }

        Assert.Equal((1L, 0L), (c.Millijoules, c.RemainderNanojoules));
    }

    [Fact]
    public void Raise_and_hold_never_lower_the_counter()
    {
        var c = new EnergyCounter { Millijoules = 100, RemainderNanojoules = 5 };

        c.RaiseTo(50);
        Assert.Equal(100, c.Millijoules);
        c.RaiseTo(150);
        Assert.Equal((150L, 0L), (c.Millijoules, c.RemainderNanojoules));
        c.HoldAt(120, floorMillijoules: 140);
        Assert.Equal(140, c.Millijoules);
        c.HoldAt(200, floorMillijoules: 100);
        Assert.Equal(140, c.Millijoules);
    }
}
