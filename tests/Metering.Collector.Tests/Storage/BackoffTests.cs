using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Storage;

/// <summary>Retry delays: doubling from the initial delay up to the cap, half fixed and half jitter.</summary>
public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(3, 0.5, 3000)]
    [InlineData(6, 1.0, 32000)]
    [InlineData(7, 1.0, 60000)]
    [InlineData(7, 0.0, 30000)]
    [InlineData(1000, 0.5, 45000)]
    public void Doubles_up_to_the_cap_with_half_of_it_jittered(int failures, double random01, int expectedMs)
    {
        var delay = Backoff.Delay(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), random01);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Fact]
    public void Refuses_a_failure_count_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Delay(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.5));
    }
}
