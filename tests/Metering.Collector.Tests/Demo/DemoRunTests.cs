using Metering.Collector.Demo;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Simulation;
using Metering.Collector.Tests.Storage;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.Demo;

/// <summary>
/// A whole demo run: collector, fleet and schedule, then the table read back from the store. Runs alone with the
/// other fleets: its meters sample at 20 Hz of simulated time and must not compete for the cores.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DemoRunTests(ITestOutputHelper output)
{
    /// <summary>Jobs at least this long carry no short-job effects (README "Reading the table").</summary>
    private const long LongJobMs = 60_000;

    [Fact]
    public async Task A_three_minute_run_ends_with_every_job_attributed_near_its_truth_and_the_site_conserved()
    {
        using var temp = new TempFolder();
        using var text = new StringWriter();
        var run = new DemoRun(new DemoOptions
        {
            Duration = TimeSpan.FromMinutes(3),
            Speed = 15,
            DataDirectory = Path.Combine(temp.Path, "demo"),
            ProgressInterval = TimeSpan.FromSeconds(2),
        }, text, interactive: false);

        var exit = await run.RunAsync(CancellationToken.None);
        output.WriteLine(text.ToString());

        Assert.Equal(0, exit);
        var site = run.Totals!;
        Assert.Equal(site.ExpectedBuckets, site.Buckets);
        Assert.Equal(0, site.RemainderMillijoules);
        Assert.Equal(site.JobsMillijoules, site.SummariesMillijoules);
        Assert.InRange((site.MeasuredMillijoules - site.TrueMillijoules) / site.TrueMillijoules * 100, -0.5, 0.5);

        Assert.Equal(run.Scenario.Plans.Count, run.Rows.Count);
        Assert.All(run.Rows, r => Assert.NotNull(r.ItMillijoules));
        Assert.All(run.Rows, r => Assert.Equal("estimate", r.Method));
        Assert.All(run.Rows, r => Assert.InRange(r.Coverage, 0.99, 1.0));
        Assert.All(run.Rows.Where(r => r.DurationMs >= LongJobMs), r => Assert.InRange(r.ErrorPercent!.Value, -2, 2));
        Assert.All(run.Rows, r => Assert.InRange(r.ErrorPercent!.Value, -10, 10));
        var misplaced = run.Rows.Sum(r => Math.Abs(r.ItMillijoules!.Value - r.TrueMillijoules)) / run.Rows.Sum(r => r.TrueMillijoules) * 100;
        Assert.InRange(misplaced, 0, 1);

        var printed = text.ToString();
        Assert.Contains("job  ", printed);
        Assert.All(run.Rows, r => Assert.Contains(r.JobId, printed));
        Assert.Contains("remainder 0 mJ (conserved)", printed);
        Assert.Contains($"metering report job {run.Rows[0].JobId}", printed);

        // What the demo says to run afterwards works on its store.
        var (reportExit, report) = MeteringProcess.Run(temp.Path, $"report job {run.Rows[0].JobId} --data {Path.Combine(temp.Path, "demo")}");
        Assert.True(reportExit == 0, report);
        Assert.Contains(run.Rows[0].JobId, report);
        Assert.Contains("estimate", report);
    }
}
