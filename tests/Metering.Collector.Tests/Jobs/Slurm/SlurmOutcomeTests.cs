using System.Globalization;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Tests.EndToEnd;
using Metering.Testing;
using static Metering.Collector.Tests.Jobs.Slurm.SlurmEndToEnd;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// How a job ended, as Slurm itself says, end to end with the real Slurm: the shipped Prolog/Epilog call the real CLI
/// into a collector that also reconciles with squeue every second. The Epilog reports what a node can see (the
/// script's exit code; "completed" for anything that exited 0:0); squeue's record, more authoritative, settles the
/// outcome (cancelled, timeout, failed with its exit code, requeued), and both reports are kept as the job's history.
/// </summary>
[Collection(SlurmCollectorCollection.Name)]
public sealed class SlurmOutcomeTests(SlurmCollectorFixture fixture) : SlurmCollectorFolders
{
    private string Node => JobEndSources.Node(fixture.Cluster.NodeName);

    [Fact]
    public async Task A_job_cancelled_with_scancel_is_stored_cancelled_at_slurms_end_with_the_epilogs_report_kept()
    {
        await using var collector = await StartCollectorAsync(fixture, Data, Spool);
        var jobId = fixture.Cluster.Submit("-J", "cancelled", "--wrap", "sleep 600");
        var id = SlurmJobIds.Format(jobId);
        try
        {
            fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
            await WaitForJobAsync(collector, id, j => j.State == JobState.Running && j.Allocations.Count == 1, "to be stored running");
        }
        finally
        {
            fixture.Cluster.Cancel(jobId);
        }

        Assert.Equal("CANCELLED", fixture.Cluster.WaitForState(jobId, JobTimeout, "CANCELLED", "COMPLETED", "FAILED"));
        var job = await WaitForJobAsync(collector, id, j => JobEndSources.IsSettled(j) && j.EndReports.Any(r => r.By == Node),
            "to hold the Epilog's end and squeue's", fixture.HookLog);

        // Slurm's end is in whole seconds, the Prolog's start in ms: a job cancelled within its first second may end
        // "before" its start, and a report never moves the end before the start.
        var slurm = Squeue(fixture.Cluster, jobId);
        Assert.Equal((JobState.Cancelled, Math.Max(slurm.EndTimeS * 1000, job.StartMs), false), (job.State, job.EndMs, job.EndApproximate));
        var epilog = Assert.Single(job.EndReports, r => r.By == Node);
        var squeue = Assert.Single(job.EndReports, r => r.By == JobEndSources.Squeue);
        Assert.Equal((JobState.Cancelled, slurm.EndTimeS * 1000, false), (squeue.State, squeue.EndMs, squeue.Approximate));

        // What the node saw: Slurm 22.05 gives the Epilog no sign of the cancel, so it is not the stored outcome.
        Assert.NotEqual(JobState.Cancelled, epilog.State);
        Assert.False(epilog.Approximate);
        Assert.InRange(epilog.EndMs, job.StartMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// Slurm's shortest time limit is one minute (`--time=0:10` is rounded up to 1), and slurmctld checks time limits
    /// every 30 s (PERIODIC_TIMEOUT), so this job is killed 60 to 90 s after it starts, then after KillWait (5 s in the
    /// test cluster). No setting shortens either, so this test takes about that long.
    /// </summary>
    [Fact]
    public async Task A_job_killed_at_its_time_limit_is_stored_timeout()
    {
        await using var collector = await StartCollectorAsync(fixture, Data, Spool);
        var jobId = fixture.Cluster.Submit("-J", "overtime", "--time=1", "--wrap", "sleep 600");
        var id = SlurmJobIds.Format(jobId);

        Assert.Equal("TIMEOUT", fixture.Cluster.WaitForState(jobId, TimeSpan.FromSeconds(240), "TIMEOUT", "CANCELLED", "COMPLETED", "FAILED"));
        var job = await WaitForJobAsync(collector, id, j => JobEndSources.IsSettled(j) && j.EndReports.Any(r => r.By == Node),
            "to hold the Epilog's end and squeue's", fixture.HookLog);

        var slurm = Squeue(fixture.Cluster, jobId);
        Assert.Equal((JobState.Timeout, slurm.EndTimeS * 1000, false), (job.State, job.EndMs, job.EndApproximate));
        Assert.Equal(JobState.Timeout, Assert.Single(job.EndReports, r => r.By == JobEndSources.Squeue).State);
        Assert.NotEqual(JobState.Timeout, Assert.Single(job.EndReports, r => r.By == Node).State);
        Assert.InRange(job.EndMs!.Value - job.StartMs, 59_000, 240_000);
    }

    [Fact]
    public async Task A_job_that_exits_3_is_stored_failed_with_exit_code_3_by_the_epilog_and_by_squeue()
    {
        await using var collector = await StartCollectorAsync(fixture, Data, Spool);
        var jobId = fixture.Cluster.Submit("-J", "exit3", "--wrap", "sleep 2; exit 3");
        var id = SlurmJobIds.Format(jobId);

        Assert.Equal("FAILED", fixture.Cluster.WaitForState(jobId, JobTimeout, "FAILED", "COMPLETED", "CANCELLED"));
        var job = await WaitForJobAsync(collector, id, j => JobEndSources.IsSettled(j) && j.EndReports.Any(r => r.By == Node),
            "to hold the Epilog's end and squeue's", fixture.HookLog);

        var slurm = Squeue(fixture.Cluster, jobId);
        Assert.Equal((3, 0), (slurm.ExitCode, slurm.ExitSignal));
        Assert.Equal((JobState.Failed, 3, 0, slurm.EndTimeS * 1000), (job.State, job.ExitCode, job.ExitSignal, job.EndMs));
        Assert.All(job.EndReports, r => Assert.Equal((JobState.Failed, 3, 0), (r.State, r.ExitCode, r.ExitSignal)));
        Assert.Equal([Node, JobEndSources.Squeue], job.EndReports.Select(r => r.By).Order(StringComparer.Ordinal));
        Assert.Contains($"metering-epilog: sent: job end --id {id} ", fixture.HookLog(), StringComparison.Ordinal);
    }

    /// <summary>
    /// `scontrol requeue` sends the running job back to the queue; Slurm holds it until a begin time (cred_expire,
    /// 120 s by default) that the test moves to now once the first run's Epilog has reported, so the second run
    /// starts at once. The first run waits forever; the second (it finds the marker the first left) ends after 2 s.
    /// </summary>
    [Fact]
    public async Task A_requeued_job_is_stored_as_two_runs_each_with_its_own_times()
    {
        await using var collector = await StartCollectorAsync(fixture, Data, Spool);
        var marker = Path.Combine(Data, "first-run-was-here");
        var jobId = fixture.Cluster.Submit("-J", "requeued", "--wrap", $"if [ -e {marker} ]; then sleep 2; else touch {marker}; sleep 600; fi");
        var (first, second) = (SlurmJobIds.Format(jobId), SlurmJobIds.Format(jobId, 2));
        var text = jobId.ToString(CultureInfo.InvariantCulture);
        try
        {
            fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
            SlurmCluster.WaitUntil(() => File.Exists(marker), JobTimeout, () => "the first run never started its script");
            await WaitForJobAsync(collector, first, j => j.State == JobState.Running, "to be stored running");

            Must(fixture.Cluster.Command("scontrol", "requeue", text));
            await WaitForJobAsync(collector, first, j => j.EndReports.Any(r => r.By == Node), "to be ended by its Epilog", fixture.HookLog);
            if (fixture.Cluster.WaitForState(jobId, JobTimeout, "PENDING", "RUNNING", "COMPLETED") == "PENDING")
            {
                Must(fixture.Cluster.Command("scontrol", "update", $"JobId={text}", "StartTime=now"));
            }

            Assert.Equal("COMPLETED", fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED", "FAILED", "CANCELLED"));
        }
        finally
        {
            fixture.Cluster.Cancel(jobId);
        }

        var run2 = await WaitForJobAsync(collector, second, j => JobEndSources.IsSettled(j) && j.EndReports.Any(r => r.By == Node),
            "to hold the Epilog's end and squeue's", fixture.HookLog);
        var run1 = await WaitUntilSettledAsync(collector, first, fixture.HookLog);
        var slurm = Squeue(fixture.Cluster, jobId);

        Assert.Equal(1, slurm.RestartCount);
        Assert.Equal((JobState.Requeued, false), (run1.State, run1.EndApproximate));
        Assert.Equal((JobState.Completed, 0, slurm.EndTimeS * 1000), (run2.State, run2.ExitCode, run2.EndMs));
        Assert.InRange(run2.StartMs, slurm.StartTimeS * 1000 - 1000, slurm.StartTimeS * 1000 + 5000);
        Assert.True(run1.StartMs < run1.EndMs && run1.EndMs <= run2.StartMs && run2.StartMs < run2.EndMs,
            $"runs overlap or run backwards: run1 {Describe(run1)}, run2 {Describe(run2)}");
        Assert.Equal([first, second], collector.Collector.Jobs.All().Select(j => j.Id).Where(i => SlurmJobIds.TryParse(i, out var n) && n == jobId));
        // The second run's Prolog named it :run2 (delivered at once, or spooled and replayed by a later hook).
        var log = fixture.HookLog();
        Assert.True(log.Split('\n').Any(l => l.Contains($"job start --id {second} ", StringComparison.Ordinal)
            && (l.Contains(": sent: ", StringComparison.Ordinal) || l.Contains(": replayed: ", StringComparison.Ordinal))), $"no delivered start of {second}:\n{log}");
    }

    private static void Must((int ExitCode, string Output, string Error) result) =>
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}{result.Error}");
}
