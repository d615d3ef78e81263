using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>The reconciler's rules, one row per situation between the collector and squeue.</summary>
public sealed class SlurmReconcilePlannerTests
{
    private const long Now = 2_000_000_000_000;
    private const long SqueueEndMs = 1_900_000_100_000;

    internal static SqueueJob Listed(long id, string state, string name = "train", string account = "physics", params int[] gpus)
    {
        var started = state != "PENDING";
        return new SqueueJob(id, name, "alice", account, "debug", state, started ? 1_900_000_000 : 0,
            started ? 1_900_000_100 : 0, started ? 4 : 0, started ? [new SqueueNode("n1", 4, gpus.Length > 0 ? gpus : [0, 1])] : []);
    }

    private static Job Known(long id) => Listed(id, "RUNNING").ToJob();

    private static Job EndedBy(Job job, string by, JobState state, long endMs = SqueueEndMs - 400) =>
        JobMergeRules.End(job, new JobEnd(job.Id, endMs, state, Approximate: false, By: by))!;

    // What the reconciler passes: the running ones as "running", every stored one as "known".
    private static ReconcilePlan Plan(IReadOnlyList<SqueueJob> listed, params Job[] stored) =>
        SlurmReconcilePlanner.Plan(listed, [.. stored.Where(j => j.EndMs is null)], stored, Now);

    [Fact]
    public void A_running_job_the_collector_never_heard_of_is_added_with_everything_squeue_knows()
    {
        var plan = Plan([Listed(1, "RUNNING")]);

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
        Assert.True(Plan([Listed(1, state)], Known(1)).IsEmpty);

    [Fact]
    public void A_known_job_squeue_knows_more_about_is_sent_again_to_fill_it()
    {
        var fromProlog = Known(1) with { Name = null, Allocations = [new JobAllocation("n1", [0, 1], 4)] };

        var plan = Plan([Listed(1, "RUNNING")], fromProlog);

        Assert.Equal("train", Assert.Single(plan.Filled).Name);
        Assert.Empty(plan.Added);
    }

    [Theory]
    [InlineData("COMPLETED", JobState.Completed)]
    [InlineData("FAILED", JobState.Failed)]
    [InlineData("TIMEOUT", JobState.Timeout)]
    [InlineData("DEADLINE", JobState.Timeout)]
    [InlineData("NODE_FAIL", JobState.NodeFail)]
    [InlineData("BOOT_FAIL", JobState.NodeFail)]
    [InlineData("OUT_OF_MEMORY", JobState.OutOfMemory)]
    [InlineData("CANCELLED", JobState.Cancelled)]
    [InlineData("PREEMPTED", JobState.Preempted)]
    public void A_known_job_squeue_shows_finished_ends_at_squeues_end_time_in_slurms_own_state(string state, JobState expected)
    {
        var plan = Plan([Listed(1, state) with { ExitCode = 0, ExitSignal = 15 }], Known(1));

        Assert.Equal(new JobEnd("slurm:1", SqueueEndMs, expected, Approximate: false, By: JobEndSources.Squeue, ExitCode: 0, ExitSignal: 15), Assert.Single(plan.Ended));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("PENDING")]
    public void A_known_job_squeue_no_longer_lists_or_lists_as_pending_ends_now_approximately(string? state)
    {
        var plan = Plan(state is null ? [] : [Listed(1, state)], Known(1));

        Assert.Equal(new JobEnd("slurm:1", Now, JobState.Ended, Approximate: true, By: JobEndSources.Reconciler), Assert.Single(plan.Ended));
    }

    [Theory]
    [InlineData("COMPLETED", JobState.Completed)]
    [InlineData("CANCELLED", JobState.Cancelled)]
    [InlineData("FAILED", JobState.Failed)]
    public void A_job_that_ran_entirely_while_the_collector_was_away_is_added_with_squeues_start_and_ended_at_its_end(string state, JobState expected)
    {
        var plan = Plan([Listed(1, state)]);

        var added = Assert.Single(plan.Added);
        Assert.Equal(("slurm:1", "train", 1_900_000_000_000L), (added.Id, added.Name, added.StartMs));
        Assert.Equal(new JobEnd("slurm:1", SqueueEndMs, expected, Approximate: false, By: JobEndSources.Squeue), Assert.Single(plan.Ended));
    }

    [Fact]
    public void A_pending_job_is_not_added() => Assert.True(Plan([Listed(1, "PENDING")]).IsEmpty);

    [Fact]
    public void An_end_the_epilog_guessed_is_refined_by_squeues_state_and_exit_code()
    {
        var guessed = EndedBy(Known(1), "node n1", JobState.Completed);

        var plan = Plan([Listed(1, "CANCELLED") with { ExitCode = 0, ExitSignal = 15 }], guessed);

        Assert.Empty(plan.Ended);
        Assert.Equal(new JobEnd("slurm:1", SqueueEndMs, JobState.Cancelled, Approximate: false, By: JobEndSources.Squeue, ExitCode: 0, ExitSignal: 15),
            Assert.Single(plan.Refined));
    }

    [Fact]
    public void An_end_slurm_has_already_settled_is_not_refined_again()
    {
        var settled = EndedBy(EndedBy(Known(1), "node n1", JobState.Completed), JobEndSources.Squeue, JobState.Cancelled, SqueueEndMs);

        Assert.True(Plan([Listed(1, "CANCELLED")], settled).IsEmpty);
    }

    [Fact]
    public void A_job_shorter_than_the_interval_still_gets_its_name_from_squeues_finished_entry()
    {
        var fromHooks = EndedBy(Known(1) with { Name = null }, "node n1", JobState.Completed);

        var plan = Plan([Listed(1, "COMPLETED")], fromHooks);

        Assert.Equal("train", Assert.Single(plan.Filled).Name);
    }

    [Fact]
    public void A_requeued_jobs_first_run_ends_as_requeued_at_the_second_runs_start_and_the_second_run_is_added()
    {
        var second = Listed(1, "RUNNING") with { RestartCount = 1, StartTimeS = 1_900_000_300 };

        var plan = Plan([second], Known(1));

        Assert.Equal("slurm:1:run2", Assert.Single(plan.Added).Id);
        Assert.Equal(new JobEnd("slurm:1", 1_900_000_300_000, JobState.Requeued, Approximate: true, By: JobEndSources.Squeue), Assert.Single(plan.Ended));
    }

    // Slurm 22.05 counts the restart as soon as a running job is requeued: until the ending run's Epilog is done,
    // squeue lists it COMPLETING with restart_cnt 1 and that run's own nodes and start (SlurmRequeueLiveTests).
    [Fact]
    public void A_requeued_run_still_completing_under_the_next_run_number_adds_no_run_and_ends_none()
    {
        var window = Listed(1, "COMPLETING") with { RestartCount = 1 };

        Assert.True(Plan([window], Known(1)).IsEmpty);
        Assert.True(Plan([window], EndedBy(Known(1), "node n1", JobState.Completed)).IsEmpty);
    }

    [Fact]
    public void A_requeued_run_the_epilog_ended_is_refined_as_requeued_and_keeps_the_epilogs_end()
    {
        var first = EndedBy(Known(1), "node n1", JobState.Completed);
        var job = JobMergeRules.End(first, Assert.Single(Plan([Listed(1, "PENDING") with { RestartCount = 1 }], first).Refined))!;

        Assert.Equal((JobState.Requeued, first.EndMs, false), (job.State, job.EndMs, job.EndApproximate));
        Assert.Equal(["node n1", JobEndSources.Squeue], job.EndReports.Select(r => r.By));
    }

    [Fact]
    public void An_array_task_keeps_its_array_id_and_index_beside_its_own_job_id()
    {
        var task = Listed(5, "RUNNING") with { ArrayJobId = 3, ArrayTaskId = 1 };

        var added = Assert.Single(Plan([task]).Added);

        Assert.Equal(("slurm:5", 3L, 1), (added.Id, added.ArrayJobId, added.ArrayTaskId));
    }

    [Fact]
    public void A_job_with_a_node_name_the_api_would_refuse_is_not_stored_and_the_refusal_says_why()
    {
        var odd = Listed(1, "RUNNING") with { Nodes = [new SqueueNode("n 1; rm", 4, [0])] };

        var plan = Plan([odd]);

        Assert.Empty(plan.Added);
        Assert.StartsWith("slurm:1: allocations[0].node: not an id", Assert.Single(plan.Refused), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_the_api_allows_is_dropped_and_the_job_kept_and_no_pass_sends_it_again()
    {
        var longName = Listed(1, "RUNNING", name: new string('x', JobRules.MaxLabelLength + 44));

        var plan = Plan([longName]);
        var added = Assert.Single(plan.Added);

        Assert.Null(added.Name);
        Assert.Equal($"slurm:1: name: must be at most {JobRules.MaxLabelLength} characters, got 300 (sent without it)", Assert.Single(plan.Refused));
        Assert.True(Plan([longName], added).IsEmpty);
    }

    [Fact]
    public void A_job_squeue_forgot_ends_with_saccts_record_instead_of_approximately()
    {
        var accounted = Listed(1, "TIMEOUT") with { ExitCode = 0, ExitSignal = 15 };

        var plan = SlurmReconcilePlanner.Plan(new SlurmSnapshot([], [accounted]), [Known(1)], [Known(1)], Now);

        Assert.Equal(new JobEnd("slurm:1", SqueueEndMs, JobState.Timeout, Approximate: false, By: JobEndSources.Sacct, ExitCode: 0, ExitSignal: 15),
            Assert.Single(plan.Ended));
    }

    [Fact]
    public void While_sacct_does_not_answer_no_job_is_ended_for_being_missing() =>
        Assert.True(SlurmReconcilePlanner.Plan(new SlurmSnapshot([], []) { Complete = false }, [Known(1)], [Known(1)], Now).IsEmpty);

    [Fact]
    public void Jobs_of_other_sources_are_not_the_reconcilers_business()
    {
        var apiJob = Known(1) with { Id = "train-42", Source = JobSource.Api };
        var oddId = Known(1) with { Id = "slurm:abc" };

        Assert.True(Plan([], apiJob, oddId).IsEmpty);
    }
}
