using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>The reconciler's rules, one row per situation between the collector and squeue.</summary>
public sealed class SlurmReconcilePlannerTests
{
    private const long Now = 2_000_000_000_000;

    internal static SqueueJob Listed(long id, string state, string name = "train", string account = "physics", params int[] gpus)
    {
        var started = state != "PENDING";
        return new SqueueJob(id, name, "alice", account, "debug", state, started ? 1_900_000_000 : 0,
            started ? 1_900_000_100 : 0, started ? 4 : 0, started ? [new SqueueNode("n1", 4, gpus.Length > 0 ? gpus : [0, 1])] : []);
    }

    private static Job Known(long id) => Listed(id, "RUNNING").ToJob();

    [Fact]
    public void A_running_job_the_collector_never_heard_of_is_added_with_everything_squeue_knows()
    {
        var plan = SlurmReconcilePlanner.Plan([Listed(1, "RUNNING")], [], Now);

        var added = Assert.Single(plan.Added);
        Assert.True(JobMergeRules.SameContent(Listed(1, "RUNNING").ToJob(), added));
        Assert.Empty(plan.Filled);
        Assert.Empty(plan.Ended);
    }

    [Theory]
    [InlineData("RUNNING")]
    [InlineData("COMPLETING")]
    [InlineData("CONFIGURING")]
    [InlineData("SUSPENDED")]
    public void A_known_job_still_active_in_squeue_is_left_alone(string state) =>
        Assert.True(SlurmReconcilePlanner.Plan([Listed(1, state)], [Known(1)], Now).IsEmpty);

    [Fact]
    public void A_known_job_squeue_knows_more_about_is_sent_again_to_fill_it()
    {
        var fromProlog = Known(1) with { Name = null, Allocations = [new JobAllocation("n1", [0, 1], 4)] };

        var plan = SlurmReconcilePlanner.Plan([Listed(1, "RUNNING")], [fromProlog], Now);

        Assert.Equal("train", Assert.Single(plan.Filled).Name);
        Assert.Empty(plan.Added);
    }

    [Theory]
    [InlineData("COMPLETED", JobState.Completed)]
    [InlineData("FAILED", JobState.Failed)]
    [InlineData("TIMEOUT", JobState.Failed)]
    [InlineData("NODE_FAIL", JobState.Failed)]
    [InlineData("OUT_OF_MEMORY", JobState.Failed)]
    [InlineData("CANCELLED", JobState.Cancelled)]
    [InlineData("PREEMPTED", JobState.Cancelled)]
    public void A_known_job_squeue_shows_finished_ends_at_squeues_end_time(string state, JobState expected)
    {
        var plan = SlurmReconcilePlanner.Plan([Listed(1, state)], [Known(1)], Now);

        Assert.Equal(new JobEnd("slurm:1", 1_900_000_100_000, expected, Approximate: false), Assert.Single(plan.Ended));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("PENDING")]
    public void A_known_job_squeue_no_longer_lists_or_requeued_ends_now_approximately(string? state)
    {
        var plan = SlurmReconcilePlanner.Plan(state is null ? [] : [Listed(1, state)], [Known(1)], Now);

        Assert.Equal(new JobEnd("slurm:1", Now, JobState.Ended, Approximate: true), Assert.Single(plan.Ended));
    }

    [Theory]
    [InlineData("COMPLETED")]
    [InlineData("CANCELLED")]
    [InlineData("PENDING")]
    public void Jobs_that_are_not_running_and_not_known_are_not_added(string state) =>
        Assert.True(SlurmReconcilePlanner.Plan([Listed(1, state)], [], Now).IsEmpty);

    [Fact]
    public void Jobs_of_other_sources_are_not_the_reconcilers_business()
    {
        var apiJob = Known(1) with { Id = "train-42", Source = JobSource.Api };
        var oddId = Known(1) with { Id = "slurm:abc" };

        Assert.True(SlurmReconcilePlanner.Plan([], [apiJob, oddId], Now).IsEmpty);
    }
}
