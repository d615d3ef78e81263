using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

public sealed class BucketCutterTests
{
    public static TheoryData<string, long, long, long, long, (long Bucket, long Energy, long Covered)[]> Rows => new()
    {
        // name, start, end, energy, width -> shares
        { "inside one bucket", 12_000, 18_000, 600, 10_000, [(10_000, 600, 6_000)] },
        { "exactly one bucket", 10_000, 20_000, 600, 10_000, [(10_000, 600, 10_000)] },
        { "across one boundary", 15_000, 25_000, 1_000, 10_000, [(10_000, 500, 5_000), (20_000, 500, 5_000)] },
        { "uneven split", 17_000, 27_000, 1_000, 10_000, [(10_000, 300, 3_000), (20_000, 700, 7_000)] },
        { "spanning many", 5_000, 45_000, 4_000, 10_000, [(0, 500, 5_000), (10_000, 1_000, 10_000), (20_000, 1_000, 10_000), (30_000, 1_000, 10_000), (40_000, 500, 5_000)] },
        { "remainder where the floor steps", 0, 30_000, 10, 10_000, [(0, 3, 10_000), (10_000, 3, 10_000), (20_000, 4, 10_000)] },
        { "1 mJ over three buckets", 0, 30_000, 1, 10_000, [(0, 0, 10_000), (10_000, 0, 10_000), (20_000, 1, 10_000)] },
        { "no energy", 15_000, 25_000, 0, 10_000, [(10_000, 0, 5_000), (20_000, 0, 5_000)] },
        { "zero length inside a bucket", 13_000, 13_000, 70, 10_000, [(10_000, 70, 0)] },
        { "zero length on a boundary: the bucket ending there", 20_000, 20_000, 70, 10_000, [(10_000, 70, 0)] },
        { "1 ms interval on a boundary", 20_000, 20_001, 70, 10_000, [(20_000, 70, 1)] },
        { "60 s buckets", 1_764_403_210_000, 1_764_403_290_000, 8_000, 60_000, [(1_764_403_200_000, 5_000, 50_000), (1_764_403_260_000, 3_000, 30_000)] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Energy_is_cut_pro_rata_by_time_at_aligned_boundaries(string name, long start, long end, long energy, long width, (long Bucket, long Energy, long Covered)[] expected)
    {
        var shares = BucketCutter.Cut(start, end, energy, width);

        Assert.True(expected.SequenceEqual(shares.Select(s => (s.BucketStartMs, s.EnergyMillijoules, s.CoveredMs))), name);
        Assert.Equal(energy, shares.Sum(s => s.EnergyMillijoules));
    }

    [Fact]
    public void Counters_near_the_contract_maximum_do_not_overflow()
    {
        const long energy = 9_007_199_254_740_991;
        var shares = BucketCutter.Cut(0, 86_400_000, energy);

        Assert.Equal(8_640, shares.Count);
        Assert.Equal(energy, shares.Sum(s => s.EnergyMillijoules));
        Assert.All(shares, s => Assert.InRange(s.EnergyMillijoules, (energy / 8_640) - 1, (energy / 8_640) + 1));
    }

    [Theory]
    [InlineData(10, 5, 1, 10_000, "endMs")]
    [InlineData(0, 5, -1, 10_000, "energyMillijoules")]
    [InlineData(0, 5, 1, 0, "widthMs")]
    public void Bad_arguments_are_refused_by_name(long start, long end, long energy, long width, string name)
    {
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => BucketCutter.Cut(start, end, energy, width)).ParamName);
    }

    [Theory]
    [InlineData(0, 0, -10_000)]
    [InlineData(9_999, 0, 0)]
    [InlineData(10_000, 10_000, 0)]
    [InlineData(10_001, 10_000, 10_000)]
    public void Bucket_of_a_time_and_of_an_instant(long time, long bucket, long instantBucket)
    {
        Assert.Equal(bucket, BucketCutter.BucketStart(time));
        Assert.Equal(instantBucket, BucketCutter.InstantBucket(time));
    }
}
