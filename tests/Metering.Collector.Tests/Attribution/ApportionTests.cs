using Metering.Collector.Attribution;

namespace Metering.Collector.Tests.Attribution;

public sealed class ApportionTests
{
    [Theory]
    [InlineData(10, new long[] { 1, 1, 1 }, new long[] { 4, 3, 3 })]
    [InlineData(100, new long[] { 1, 2, 3, 4 }, new long[] { 10, 20, 30, 40 })]
    [InlineData(7, new long[] { 0, 5, 0 }, new long[] { 0, 7, 0 })]
    [InlineData(0, new long[] { 3, 9 }, new long[] { 0, 0 })]
    [InlineData(5, new long[] { 1, 3 }, new long[] { 1, 4 })]            // 1.25 and 3.75: the leftover goes to .75
    [InlineData(long.MaxValue / 2, new long[] { long.MaxValue / 4, long.MaxValue / 4 }, new long[] { (long.MaxValue / 4) + 1, long.MaxValue / 4 })]  // a tie: the first takes the leftover
    public void Parts_sum_exactly_and_lie_within_one_of_their_share(long total, long[] weights, long[] expected)
    {
        var parts = Apportion.LargestRemainder(total, weights);
        Assert.Equal(expected, parts);
        Assert.Equal(total, parts.Sum());
    }

    [Fact]
    public void Weights_summing_to_zero_are_refused() =>
        Assert.Throws<ArgumentException>(() => Apportion.LargestRemainder(5, [0, 0]));
}
