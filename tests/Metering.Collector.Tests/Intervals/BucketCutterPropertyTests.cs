using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

public sealed class BucketCutterPropertyTests
{
    private static readonly Arbitrary<(long Start, long Length, long Energy, long Width)> Cuts =
        (from start in Gen.Choose(0, int.MaxValue).Select(s => 1_764_403_200_000L + s)
         from length in Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 30_000), Gen.Choose(0, 3_600_000))
         from energy in Gen.OneOf(Gen.Choose(0, 10).Select(e => (long)e), Gen.Choose(0, int.MaxValue).Select(e => (long)e * 4_194_304))
         from width in Gen.Elements(1_000L, 10_000L, 60_000L, 7_000L)
         select (start, (long)length, energy, width)).ToArbitrary();

    [Property(MaxTest = 1000)]
    public Property Shares_sum_to_the_energy_exactly_and_follow_time_within_a_millijoule() =>
        Prop.ForAll(Cuts, c =>
        {
            var shares = BucketCutter.Cut(c.Start, c.Start + c.Length, c.Energy, c.Width);

            Assert.Equal(c.Energy, shares.Sum(s => s.EnergyMillijoules));
            Assert.Equal(c.Length, shares.Sum(s => s.CoveredMs));
            Assert.All(shares, s => Assert.Equal(0, s.BucketStartMs % c.Width));
            Assert.True(shares.Zip(shares.Skip(1), (a, b) => b.BucketStartMs - a.BucketStartMs == c.Width).All(x => x));
            if (c.Length > 0)
            {
                Assert.All(shares, s =>
                {
                    var exact = (decimal)c.Energy * s.CoveredMs / c.Length;
                    Assert.InRange((decimal)s.EnergyMillijoules, exact - 1, exact + 1);
                });
            }

            return true;
        });

    [Property(MaxTest = 500)]
    public Property Cutting_a_part_of_an_interval_again_conserves_its_energy() =>
        Prop.ForAll(Cuts, Gen.Choose(0, 1000).ToArbitrary(), (c, at) =>
        {
            // The mapping router cuts an interval at a mapping change first, then each part at buckets.
            var cut = c.Start + (c.Length * at / 1000);
            var first = ProRata.Piece(c.Energy, 0, cut - c.Start, Math.Max(1, c.Length));
            var parts = BucketCutter.Cut(c.Start, cut, first, c.Width).Concat(BucketCutter.Cut(cut, c.Start + c.Length, c.Energy - first, c.Width));

            return parts.Sum(s => s.EnergyMillijoules) == c.Energy && first >= 0 && first <= c.Energy;
        });
}
