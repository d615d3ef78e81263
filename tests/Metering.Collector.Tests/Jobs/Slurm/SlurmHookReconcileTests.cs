using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Slurm;
using Metering.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// The hooks and squeue describe a job the same way: node name, GPU indices, CPUs and account from the real Prolog
/// agree with squeue, so the reconciler only adds what the Prolog cannot see (the job name), and settles the
/// Epilog's end with Slurm's own record once the job is finished.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmHookReconcileTests(SlurmFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task The_reconciler_fills_only_the_name_of_a_job_the_prolog_reported_and_settles_the_epilogs_end_with_squeues_record()
    {
        fixture.Stub.Mode = "record";
        var sink = new InMemoryJobSink();
        var reconciler = new SlurmReconciler(sink, new SqueueProcessRunner(fixture.Cluster.ConfPath, TimeSpan.FromSeconds(10)),
            TimeProvider.System, NullLogger<SlurmReconciler>.Instance);
        var jobId = fixture.Cluster.Submit("--gres=gpu:2", "-c", "2", "-A", "physics", "-J", "agree", "--wrap", "sleep 3");
        var id = SlurmJobIds.Format(jobId);
        fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
        SlurmCluster.WaitUntil(() => fixture.Stub.CallsFor(id).Count == 1, JobTimeout, () => "the prolog made no call");
        var fromProlog = HookCallContract.ToJob(fixture.Stub.CallsFor(id)[0]);
        await sink.StartAsync(fromProlog, default);

        var plan = await reconciler.ReconcileOnceAsync(default);

        Assert.Equal(id, Assert.Single(plan.Filled).Id);
        Assert.DoesNotContain(plan.Ended, e => e.Id == id);
        Assert.Equal("agree", sink[id]!.Name);
        Assert.True(JobMergeRules.SameContent(fromProlog, sink[id]! with { Name = null }), "squeue disagreed with the prolog on node, GPUs, CPUs, user or account");

        fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED");
        await sink.EndAsync(HookCallContract.ToEnd(fixture.Stub.CallsFor(id)[1]), default);
        var fromEpilog = sink[id]!;

        var settled = await reconciler.ReconcileOnceAsync(default);

        Assert.DoesNotContain(id, settled.Ended.Select(e => e.Id));
        var refinement = Assert.Single(settled.Refined, e => e.Id == id);
        Assert.Equal((JobState.Completed, JobEndSources.Squeue, 0, 0), (refinement.State, refinement.By, refinement.ExitCode, refinement.ExitSignal));
        var ended = sink[id]!;
        Assert.Equal((JobState.Completed, 0, refinement.EndMs), (ended.State, ended.ExitCode, ended.EndMs));
        Assert.InRange(ended.EndMs!.Value, fromEpilog.EndMs!.Value - 5_000, fromEpilog.EndMs!.Value);
        Assert.Equal([fromEpilog.EndReports[0].By, JobEndSources.Squeue], ended.EndReports.Select(r => r.By));
        Assert.True((await reconciler.ReconcileOnceAsync(default)).IsEmpty);
        Assert.Same(ended, sink[id]);
    }
}
