using Metering.Collector.Bench;
using Metering.Collector.Tests.Storage;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.Attribution;

/// <summary>
/// `metering bench attribution`'s job store run, small: after a simulated day of history the production store holds
/// what the last hour needs, no more than on day one, and attributes the same hour to the millijoule.
/// </summary>
public sealed class StoreMonthTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_store_with_history_holds_and_attributes_what_a_store_on_day_one_does()
    {
        var result = StoreMonth.Run(nodes: 2, days: 1, seed: 3, revisions: 2, _folder.Path);
        result.Lines().ToList().ForEach(output.WriteLine);

        Assert.InRange(result.Jobs, 1_500, 2_500);                                // 2 node-days of 30..150 s jobs
        Assert.Equal(result.Jobs * 90, result.Estimates, tolerance: result.Estimates * 0.05);   // one per second of 90 s on average
        Assert.Equal(result.DayOne.ChecksumMillijoules, result.Month.ChecksumMillijoules);
        Assert.Equal((result.DayOne.HeldJobs, result.DayOne.HeldEstimates), (result.Month.HeldJobs, result.Month.HeldEstimates));
        Assert.InRange(result.Month.HeldEstimates, 2 * 3_000, 2 * 3_700);        // about the retained hour on each node, not the day
        Assert.True(result.Month.ManagedBytes < 8 << 20, $"{result.Month.ManagedBytes} bytes held: the day's 160,000 estimates alone would take about 16 MiB");
    }
}
