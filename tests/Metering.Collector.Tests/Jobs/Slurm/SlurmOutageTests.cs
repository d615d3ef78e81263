using System.Diagnostics;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Tests.EndToEnd;
using Metering.Testing;
using static Metering.Collector.Tests.Jobs.Slurm.SlurmEndToEnd;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// No job lost to an outage, end to end with the real Slurm: a job that starts and ends while the collector is down
/// is spooled by the shipped hooks on the node, and once the collector is back metering-spool-flush.sh (what the
/// systemd timer runs) replays the calls with the times the hooks took. The collector runs without Slurm
/// reconciliation here, so the spool is the only way the job can reach it.
/// </summary>
[Collection(SlurmCollectorCollection.Name)]
public sealed class SlurmOutageTests(SlurmCollectorFixture fixture) : SlurmCollectorFolders
{
    [Fact]
    public async Task A_15_s_job_run_entirely_while_the_collector_was_down_is_replayed_from_the_spool_with_its_true_start_and_end()
    {
        fixture.PointHooksAt(new Uri($"http://127.0.0.1:{FreePort.Next()}"), "collector-is-down", timeoutSeconds: 3, spoolDirectory: Spool);
        var jobId = fixture.Cluster.Submit("-J", "outage", "-A", "physics", "--wrap", "sleep 15");
        var id = SlurmJobIds.Format(jobId);

        Assert.Equal("COMPLETED", fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED", "FAILED", "CANCELLED"));
        SlurmCluster.WaitUntil(() => fixture.HookLog().Contains($"metering-epilog: spooled behind 1 waiting: job end --id {id} ", StringComparison.Ordinal),
            JobTimeout, () => $"the epilog did not spool the end of {id}:\n{fixture.HookLog()}");
        Assert.Equal(2, Directory.GetFiles(Spool, "*.call").Length);
        var slurm = Squeue(fixture.Cluster, jobId);

        await using var collector = await StartCollectorAsync(fixture, Data, Spool, reconcile: false);
        var back = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Null(collector.Collector.Jobs.Find(id));
        Flush();

        Assert.Empty(Directory.GetFiles(Spool, "*.call"));
        Assert.Contains("metering-spool-flush: flushed: none of 2 left waiting", fixture.HookLog(), StringComparison.Ordinal);
        var job = collector.Collector.Jobs.Find(id);
        Assert.NotNull(job);
        Assert.Equal((JobState.Completed, 0, false, "physics"), (job.State, job.ExitCode, job.EndApproximate, job.Project));
        Assert.Equal(JobEndSources.Node(fixture.Cluster.NodeName), Assert.Single(job.EndReports).By);

        // The hooks' own clock, not the replay's: within a second or two of Slurm's (whole seconds, cut down), and
        // before the collector came back. Slurm's start is the allocation, the Prolog's a moment later; Slurm's end
        // is the script's, the Epilog's a moment later.
        Assert.True(job.EndMs < back, $"stored end {job.EndMs} is not before the collector came back at {back}: {Describe(job)}");
        Assert.InRange(job.StartMs, slurm.StartTimeS * 1000, (slurm.StartTimeS * 1000) + 3000);
        Assert.InRange(job.EndMs!.Value, slurm.EndTimeS * 1000, (slurm.EndTimeS * 1000) + 3000);
        Assert.InRange(job.EndMs!.Value - job.StartMs, 15_000, ((slurm.EndTimeS - slurm.StartTimeS) * 1000) + 3000);
    }

    /// <summary>Runs metering-spool-flush.sh as its timer would: as root, with only SLURM_CONF (to find the env file) set.</summary>
    private void Flush()
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Repo.Path("collector/Metering.Collector.Adapters/Slurm/scripts/metering-spool-flush.sh"));
        info.Environment.Clear();
        info.Environment["SLURM_CONF"] = fixture.Cluster.ConfPath;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(JobTimeout), "the flusher did not finish");
        Assert.True(process.ExitCode == 0, $"the flusher exited {process.ExitCode}: {output}\n{fixture.HookLog()}");
    }
}
