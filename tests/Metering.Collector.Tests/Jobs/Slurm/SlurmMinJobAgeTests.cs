using System.Globalization;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Slurm;
using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Reports;
using Metering.Testing;
using static Metering.Collector.Tests.Jobs.Slurm.SlurmEndToEnd;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// A real Slurm that forgets finished jobs fast (MinJobAge=2) and has no hooks installed (a node whose Epilog never
/// reports, so only the collector's reconciliation with squeue knows its jobs). Its own cluster: the other fixtures
/// keep the default MinJobAge (300 s) so that their reconciliation reliably sees finished jobs.
/// </summary>
public sealed class SlurmForgetfulFixture : IDisposable
{
    /// <summary>Starts the cluster.</summary>
    public SlurmForgetfulFixture() => Cluster = SlurmCluster.Start(new SlurmClusterOptions { MinJobAgeSeconds = 2 });

    /// <summary>The cluster.</summary>
    public SlurmCluster Cluster { get; }

    /// <inheritdoc />
    public void Dispose() => Cluster.Dispose();
}

/// <summary>The tests that share <see cref="SlurmForgetfulFixture"/>; not run beside other collections (they wait on Slurm's own loops).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlurmForgetfulCollection : ICollectionFixture<SlurmForgetfulFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Slurm that forgets fast";
}

/// <summary>
/// An end recovered after MinJobAge, end to end: the collector knows a running job, is stopped, the job ends and
/// slurmctld forgets it (it purges jobs older than MinJobAge at most a minute apart, PURGE_JOB_INTERVAL, so this takes up to
/// about 60 s), and the collector, back, ends it when it notices, flagged approximate, which the report shows.
/// </summary>
[Collection(SlurmForgetfulCollection.Name)]
public sealed class SlurmMinJobAgeTests(SlurmForgetfulFixture fixture) : IDisposable
{
    private readonly string _data = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_job_slurm_forgot_before_the_collector_saw_its_end_is_ended_when_noticed_and_reported_end_approximate()
    {
        var options = JobApiServer.Options(_data);
        options.Slurm = new SlurmSettings { Enabled = true, IntervalSeconds = 1, Conf = fixture.Cluster.ConfPath };
        var gate = Path.Combine(_data, "release");
        var jobId = fixture.Cluster.Submit("-J", "forgotten", "--wrap", $"while [ ! -e {gate} ]; do sleep 0.2; done");
        var id = SlurmJobIds.Format(jobId);
        long startMs;
        try
        {
            fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
            await using var collector = await JobApiServer.StartAsync(options);
            startMs = (await WaitForJobAsync(collector, id, j => j.State == JobState.Running, "to be added by reconciliation")).StartMs;
        }
        finally
        {
            File.WriteAllText(gate, "");
        }

        SlurmCluster.WaitUntil(() => fixture.Cluster.JobState(jobId).Length == 0, TimeSpan.FromSeconds(240),
            () => $"slurmctld to forget {id} (state '{fixture.Cluster.JobState(jobId)}')");
        var forgotten = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await using (var collector = await JobApiServer.StartAsync(options))
        {
            var job = await WaitForJobAsync(collector, id, j => j.EndMs is not null, "to be ended by reconciliation");
            Assert.Equal((JobState.Ended, true, startMs), (job.State, job.EndApproximate, job.StartMs));
            Assert.InRange(job.EndMs!.Value, forgotten, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var report = Assert.Single(job.EndReports);
            Assert.Equal((JobEndSources.Reconciler, true), (report.By, report.Approximate));
            await WaitForSummaryAsync(collector, id, r => r.EndMs is not null && r.Flags.Contains("end_approximate"));
        }

        var output = Report(_data, "job", jobId.ToString(CultureInfo.InvariantCulture));

        Assert.Equal((id, "ENDED"), (TableText.Rows(output)[0]["JobID"], TableText.Rows(output)[0]["State"]));
        Assert.Contains(output.Split('\n'), l => l.StartsWith($"flags {id}: ", StringComparison.Ordinal) && l.Contains("end_approximate", StringComparison.Ordinal));   // beside provisional: its buckets are not sealed yet
    }
}
