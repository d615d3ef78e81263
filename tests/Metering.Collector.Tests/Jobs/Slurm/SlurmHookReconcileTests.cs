using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Slurm;
using Metering.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// The hooks and squeue describe a job the same way: node name, GPU indices, CPUs and account from the real Prolog
/// agree with squeue, so the reconciler only adds what the Prolog cannot see (the job name) and leaves the
/// Epilog's end alone.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmHookReconcileTests(SlurmFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task The_reconciler_fills_only_the_name_of_a_job_the_prolog_reported_and_leaves_the_epilogs_end()
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
        var ended = sink[id]!;

        Assert.DoesNotContain(id, (await reconciler.ReconcileOnceAsync(default)).Ended.Select(e => e.Id));
        Assert.Equal(JobState.Completed, ended.State);
        Assert.Same(ended, sink[id]);
    }
}
