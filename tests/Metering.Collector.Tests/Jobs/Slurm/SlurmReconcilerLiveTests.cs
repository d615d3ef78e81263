using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Slurm;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// Reconciliation against the fixture's real Slurm. The in-memory sink plays a collector that was down: it knows
/// nothing of jobs that started meanwhile, and still believes in jobs that ended meanwhile.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmReconcilerLiveTests(SlurmFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(40);
    private readonly InMemoryJobSink _sink = new();

    [Fact]
    public async Task A_job_started_while_the_collector_was_down_is_added_once_then_ended_when_cancelled()
    {
        var jobId = fixture.Cluster.Submit("--gres=gpu:1", "-A", "physics", "-J", "missed", "--wrap", "sleep 60");
        var id = SlurmJobIds.Format(jobId);
        try
        {
            fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");

            var first = await Reconciler().ReconcileOnceAsync(default);
            Assert.Contains(first.Added, j => j.Id == id);
            var added = _sink[id]!;
            Assert.Equal(("missed", "root", "physics", JobState.Running), (added.Name, added.User, added.Project, added.State));
            Assert.Single(Assert.Single(added.Allocations).GpuIndices);

            var changes = _sink.Changes;
            Assert.True((await Reconciler().ReconcileOnceAsync(default)).IsEmpty);
            Assert.Equal(changes, _sink.Changes);
        }
        finally
        {
            fixture.Cluster.Cancel(jobId);
        }

        fixture.Cluster.WaitForState(jobId, JobTimeout, "CANCELLED");
        var ended = Assert.Single((await Reconciler().ReconcileOnceAsync(default)).Ended, e => e.Id == id);
        Assert.Equal((JobState.Cancelled, false), (ended.State, ended.Approximate));
        Assert.Equal(JobState.Cancelled, _sink[id]!.State);
        Assert.True((await Reconciler().ReconcileOnceAsync(default)).IsEmpty);
    }

    [Fact]
    public async Task A_job_that_finished_while_the_collector_was_down_ends_at_squeues_end_time()
    {
        var jobId = fixture.Cluster.Submit("--gres=gpu:1", "-J", "short", "--wrap", "sleep 2");
        var id = SlurmJobIds.Format(jobId);
        fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
        await Reconciler().ReconcileOnceAsync(default);
        Assert.Equal(JobState.Running, _sink[id]!.State);

        fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED");
        var plan = await Reconciler().ReconcileOnceAsync(default);

        var squeueEnd = SqueueJson.Parse(await Runner().RunAsync(default)).Single(j => j.JobId == jobId).EndTimeS * 1000;
        Assert.Equal(new JobEnd(id, squeueEnd, JobState.Completed, Approximate: false, By: JobEndSources.Squeue, ExitCode: 0, ExitSignal: 0), Assert.Single(plan.Ended));
        Assert.Equal((squeueEnd, JobState.Completed), (_sink[id]!.EndMs, _sink[id]!.State));
        Assert.InRange(squeueEnd - _sink[id]!.StartMs, 1000, 10_000);
        Assert.True((await Reconciler().ReconcileOnceAsync(default)).IsEmpty);
    }

    [Fact]
    public async Task A_job_squeue_has_forgotten_is_ended_now_and_flagged_approximate()
    {
        const string forgotten = "slurm:987654";
        await _sink.StartAsync(new Job
        {
            Id = forgotten, Source = JobSource.Slurm, StartMs = 1_000_000, Allocations = [new JobAllocation(fixture.Cluster.NodeName, [0], 1)],
        }, default);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await Reconciler().ReconcileOnceAsync(default);

        Assert.Equal(JobState.Ended, _sink[forgotten]!.State);
        Assert.InRange(_sink[forgotten]!.EndMs!.Value, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True(_sink.EndWasApproximate(forgotten));
    }

    [Fact]
    public async Task The_loop_reconciles_every_interval_until_cancelled()
    {
        var jobId = fixture.Cluster.Submit("--gres=gpu:1", "-J", "looped", "--wrap", "sleep 60");
        try
        {
            fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
            using var stop = new CancellationTokenSource();
            var loop = Reconciler().RunAsync(TimeSpan.FromMilliseconds(200), stop.Token);

            Metering.Testing.SlurmCluster.WaitUntil(() => _sink[SlurmJobIds.Format(jobId)] is not null, TimeSpan.FromSeconds(10), () => "the loop never added the job");
            await stop.CancelAsync();

            await loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            fixture.Cluster.Cancel(jobId);
        }
    }

    private SqueueProcessRunner Runner() => new(fixture.Cluster.ConfPath, TimeSpan.FromSeconds(10));

    private SlurmReconciler Reconciler() => new(_sink, Runner(), TimeProvider.System, NullLogger<SlurmReconciler>.Instance);
}
