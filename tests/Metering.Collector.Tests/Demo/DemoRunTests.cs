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

    /// <summary>
    /// Largest error of a long job beside an unlike one, %: the estimates are NVML's board power of the job's GPUs, idle
    /// included, CPU, DRAM, fans and supply losses not, so they weigh an inference job on 2 GPUs (50-130 W above a
    /// 50-70 W idle) up to 1.8 times its own dynamic power and a training job about 1.1 times: the inference job is
    /// over-charged, its neighbour under-charged. Measured: +18.0 % (chat, 3 min), +12.6 % (chat, 10 min).
    /// </summary>
    private const double UnlikeNeighbourPercent = 25;

    /// <summary>
    /// Largest error of any job, %: jobs of 3 to 9 s add to that bias the H100's trailing one-second mean (their first
    /// estimate holds part of the second before they started) and the PZEM's one-second register. Measured: -12.1 %
    /// (3 min), -18.6 % (10 min).
    /// </summary>
    private const double AnyJobPercent = 30;

    [Fact]
    public async Task A_three_minute_run_learns_idle_and_ends_with_every_job_attributed_near_its_truth_and_the_stored_records_agreeing()
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
        // The simulated clock was set back by the run's length: its data ends about now, not minutes in the future
        // (where `report node` right after the demo would not see it). Two minutes of slack for a slow start under load.
        var end = DateTimeOffset.FromUnixTimeMilliseconds(run.Scenario.OriginMs!.Value + run.Scenario.DurationMs);
        Assert.True(end <= DateTimeOffset.UtcNow.AddMinutes(2), $"the run's data ends at {end:O}, in the future");
        var site = run.Totals!;
        Assert.Equal(site.ExpectedBuckets, site.Buckets);
        Assert.Equal(site.JobsMillijoules, site.SummariesMillijoules);
        Assert.True(run.CrossCheck!.Agrees, run.CrossCheck.ToString());
        Assert.Equal((run.Rows.Count, site.ExpectedBuckets), (run.CrossCheck.Jobs, run.CrossCheck.NodeRecords));

        // The inventory has no idle_w: each node's baseline was learned from its meters while the site idled, and the
        // meters put it within 1 % of the world's floor (measured: -0.01 %, the 5th percentile of idle intervals).
        Assert.All(run.Baselines, b => Assert.Equal("learned", b.Source));
        Assert.All(run.Baselines, b => Assert.InRange(b.ErrorPercent!.Value, -1, 1));
        Assert.InRange((site.MeasuredMillijoules - site.TrueMillijoules) / site.TrueMillijoules * 100, -0.5, 0.5);

        Assert.Equal(run.Scenario.Plans.Count, run.Rows.Count);
        Assert.All(run.Rows, r => Assert.NotNull(r.ItMillijoules));
        Assert.All(run.Rows, r => Assert.Equal("estimate", r.Method));
        Assert.All(run.Rows, r => Assert.InRange(r.Coverage, 0.99, 1.0));
        // Jobs alone on their node, or beside jobs of their own kind (training beside training), are weighed in the
        // right proportion by NVML: within 2 % as before (measured at most 1.1 %).
        var plans = run.Scenario.Plans.ToDictionary(run.Scenario.JobId);
        bool Unlike(DemoJobPlan p) => run.Scenario.Plans.Any(q => q.NodeIndex == p.NodeIndex && q.Purpose != p.Purpose && q.StartOffsetMs < p.EndOffsetMs && p.StartOffsetMs < q.EndOffsetMs);
        var longJobs = run.Rows.Where(r => r.DurationMs >= LongJobMs).ToList();
        Assert.All(longJobs.Where(r => !Unlike(plans[r.JobId])), r => Assert.InRange(r.ErrorPercent!.Value, -2, 2));

        // Beside unlike jobs the NVML weights misplace energy between them (see UnlikeNeighbourPercent): inference is
        // over-charged, the training or indexing beside it under-charged.
        Assert.All(longJobs.Where(r => Unlike(plans[r.JobId])), r => Assert.InRange(Math.Abs(r.ErrorPercent!.Value), 0, UnlikeNeighbourPercent));
        Assert.All(longJobs.Where(r => Unlike(plans[r.JobId])), r => Assert.True(plans[r.JobId].Purpose == "inference" ? r.ErrorPercent > 0 : r.ErrorPercent < 0, $"{r.JobId}: {r.ErrorPercent:F2} %"));
        Assert.All(run.Rows, r => Assert.InRange(r.ErrorPercent!.Value, -AnyJobPercent, AnyJobPercent));

        // Misplaced: measured 1.4 % (3 min) and 1.2 % (10 min) of the jobs' energy; 0.12 % when the estimates were the true power plus noise.
        var misplaced = run.Rows.Sum(r => Math.Abs(r.ItMillijoules!.Value - r.TrueMillijoules)) / run.Rows.Sum(r => r.TrueMillijoules) * 100;
        Assert.InRange(misplaced, 0, 3);

        var printed = text.ToString();
        Assert.Contains("job  ", printed);
        Assert.All(run.Rows, r => Assert.Contains(r.JobId, printed));
        Assert.Contains("cross-check of the stored records: all agree", printed);
        Assert.Contains("total error (idle share by the simulation's stated convention): largest ", printed);
        Assert.Contains("dynamic error (the wall power above the idle floor: physical): largest ", printed);
        Assert.Contains("commissioning: the site idles while the collector learns", printed);
        Assert.Contains($"metering report job {run.Rows[0].JobId}", printed);

        // What the demo says to run afterwards works on its store.
        var (reportExit, report) = MeteringProcess.Run(temp.Path, $"report job {run.Rows[0].JobId} --data {Path.Combine(temp.Path, "demo")}");
        Assert.True(reportExit == 0, report);
        Assert.Contains(run.Rows[0].JobId, report);
        Assert.Contains("estimate", report);
    }
}
