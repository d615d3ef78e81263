using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// How start and end reports of one job combine: fill-only, nodes added, never reopened; among ends the more
/// authoritative wins (Slurm's record over a node's guess over a vanished job), the first among equals, every report kept.
/// </summary>
public sealed class JobMergeRulesTests
{
    private static readonly Job FromProlog = new()
    {
        Id = "slurm:7", Source = JobSource.Slurm, User = "alice", Project = "physics", StartMs = 10_500,
        Allocations = [new JobAllocation("n1", [0, 1], 8)],
    };

    private static readonly Job FromSqueue = new()
    {
        Id = "slurm:7", Source = JobSource.Slurm, Name = "train", User = "bob", Project = "chemistry", StartMs = 10_000,
        Allocations = [new JobAllocation("n1", [2, 3], 4), new JobAllocation("n2", [0], 8)],
    };

    [Fact]
    public void An_unknown_job_is_stored_as_reported() => Assert.Same(FromProlog, JobMergeRules.Start(null, FromProlog));

    [Fact]
    public void A_second_report_fills_missing_tags_and_adds_nodes_but_changes_nothing_already_known()
    {
        var merged = JobMergeRules.Start(FromProlog, FromSqueue);

        Assert.Equal(("train", "alice", "physics", 10_500L), (merged.Name, merged.User, merged.Project, merged.StartMs));
        Assert.Equal(["n1", "n2"], merged.Allocations.Select(a => a.NodeId));
        Assert.Equal([0, 1], merged.Allocations[0].GpuIndices);
        Assert.Equal(8, merged.Allocations[0].CpuCores);
        Assert.Equal([0], merged.Allocations[1].GpuIndices);
    }

    [Fact]
    public void Empty_gpu_indices_and_zero_cpus_on_a_known_node_are_filled()
    {
        var bare = FromProlog with { Allocations = [new JobAllocation("n1", [], 0)] };

        var merged = JobMergeRules.Start(bare, FromProlog);

        Assert.Equal([0, 1], merged.Allocations[0].GpuIndices);
        Assert.Equal(8, merged.Allocations[0].CpuCores);
    }

    [Fact]
    public void Each_node_prolog_of_a_multi_node_job_adds_its_node_in_any_order()
    {
        var n1 = FromProlog;
        var n2 = FromProlog with { StartMs = 10_700, Allocations = [new JobAllocation("n2", [3], 8)] };

        var oneWay = JobMergeRules.Start(JobMergeRules.Start(null, n1), n2);
        var otherWay = JobMergeRules.Start(JobMergeRules.Start(null, n2), n1);

        Assert.Equal(["n1", "n2"], oneWay.Allocations.Select(a => a.NodeId));
        Assert.Equal(["n2", "n1"], otherWay.Allocations.Select(a => a.NodeId));
        Assert.Equal(oneWay.Allocations.OrderBy(a => a.NodeId).Select(a => (a.NodeId, string.Join(',', a.GpuIndices))),
            otherWay.Allocations.OrderBy(a => a.NodeId).Select(a => (a.NodeId, string.Join(',', a.GpuIndices))));
    }

    [Fact]
    public void Applying_a_report_twice_changes_nothing_the_second_time()
    {
        var once = JobMergeRules.Start(FromProlog, FromSqueue);

        Assert.True(JobMergeRules.SameContent(once, JobMergeRules.Start(once, FromSqueue)));
        Assert.True(JobMergeRules.SameContent(once, JobMergeRules.Start(once, FromProlog)));
    }

    [Fact]
    public void A_start_never_reopens_an_ended_job_but_fills_what_it_lacked()
    {
        var ended = JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 20_000, JobState.Completed, false))!;

        var filled = JobMergeRules.Start(ended, FromSqueue);

        Assert.Equal((20_000L, JobState.Completed, 10_500L), (filled.EndMs, filled.State, filled.StartMs));
        Assert.Equal(("train", "alice"), (filled.Name, filled.User));
        Assert.Equal(["n1", "n2"], filled.Allocations.Select(a => a.NodeId));
    }

    [Theory]
    [InlineData("node n1", JobEndSources.Squeue, JobState.Timeout, 21_000L)]
    [InlineData("node n1", JobEndSources.Sacct, JobState.Timeout, 21_000L)]
    [InlineData(JobEndSources.Admin, JobEndSources.Squeue, JobState.Timeout, 21_000L)]
    [InlineData(JobEndSources.Squeue, "node n1", JobState.Cancelled, 20_000L)]
    [InlineData(JobEndSources.Squeue, JobEndSources.Sacct, JobState.Cancelled, 20_000L)]
    [InlineData("node n1", "node n2", JobState.Cancelled, 20_000L)]
    public void Slurms_record_refines_what_a_node_reported_and_the_rest_only_joins_the_history(string first, string second, JobState state, long endMs)
    {
        var once = JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 20_000, JobState.Cancelled, false, first))!;

        var twice = JobMergeRules.End(once, new JobEnd("slurm:7", 21_000, JobState.Timeout, false, second, ExitCode: 0, ExitSignal: 15))!;

        Assert.Equal((state, endMs), (twice.State, twice.EndMs));
        Assert.Equal([first, second], twice.EndReports.Select(r => r.By));
    }

    [Fact]
    public void A_node_reports_exit_code_is_kept_when_slurms_record_has_none()
    {
        var epilog = JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 20_000, JobState.Failed, false, "node n1", ExitCode: 3, ExitSignal: 0))!;

        var refined = JobMergeRules.End(epilog, new JobEnd("slurm:7", 21_000, JobState.OutOfMemory, false, JobEndSources.Squeue))!;

        Assert.Equal((JobState.OutOfMemory, 3, 0), (refined.State, refined.ExitCode, refined.ExitSignal));
    }

    [Fact]
    public void An_approximate_end_from_slurm_changes_the_state_but_keeps_an_exact_end()
    {
        var epilog = JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 20_000, JobState.Completed, false, "node n1"))!;

        var requeued = JobMergeRules.End(epilog, new JobEnd("slurm:7", 99_000, JobState.Requeued, Approximate: true, JobEndSources.Squeue))!;

        Assert.Equal((JobState.Requeued, 20_000L, false), (requeued.State, requeued.EndMs, requeued.EndApproximate));
    }

    [Fact]
    public void Reports_arriving_in_any_order_give_the_same_outcome()
    {
        JobEnd[] reports =
        [
            new("slurm:7", 30_000, JobState.Ended, true, JobEndSources.Reconciler),
            new("slurm:7", 20_000, JobState.Completed, false, "node n1", 0, 0),
            new("slurm:7", 21_000, JobState.Cancelled, false, JobEndSources.Squeue, 0, 15),
        ];

        var outcomes = new[] { reports, [reports[1], reports[0], reports[2]], [reports[2], reports[1], reports[0]], [reports[1], reports[2], reports[0]] }
            .Select(order => order.Aggregate(FromProlog, (job, end) => JobMergeRules.End(job, end)!))
            .Select(j => (j.State, j.EndMs, j.EndApproximate, j.ExitCode, j.ExitSignal)).Distinct();

        Assert.Equal((JobState.Cancelled, (long?)21_000, false, (int?)0, (int?)15), Assert.Single(outcomes));
    }

    [Fact]
    public void A_repeated_report_is_kept_once_and_the_history_is_bounded()
    {
        var job = JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 20_000, JobState.Completed, false, "node n0"))!;
        Assert.Same(job, JobMergeRules.End(job, new JobEnd("slurm:7", 20_000, JobState.Completed, false, "node n0")));

        for (var node = 1; node < 20; node++)
        {
            job = JobMergeRules.End(job, new JobEnd("slurm:7", 20_000 + node, JobState.Completed, false, $"node n{node}"))!;
        }

        job = JobMergeRules.End(job, new JobEnd("slurm:7", 25_000, JobState.Timeout, false, JobEndSources.Squeue))!;
        Assert.Equal(JobOutcome.MaxReports, job.EndReports.Count);
        Assert.Equal((JobState.Timeout, JobEndSources.Squeue), (job.State, job.EndReports[^1].By));
    }

    [Fact]
    public void The_first_end_wins()
    {
        var first = JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 20_000, JobState.Failed, false))!;
        var second = JobMergeRules.End(first, new JobEnd("slurm:7", 25_000, JobState.Ended, true))!;

        Assert.Equal((20_000L, JobState.Failed), (second.EndMs, second.State));
    }

    [Fact]
    public void An_end_before_the_start_is_clamped_to_the_start()
    {
        var ended = JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 10_000, JobState.Completed, false))!;

        Assert.Equal(10_500L, ended.EndMs);
    }

    [Fact]
    public void Ending_an_unknown_job_stores_nothing() =>
        Assert.Null(JobMergeRules.End(null, new JobEnd("slurm:8", 1, JobState.Completed, false)));

    [Fact]
    public void Misdirected_or_running_ends_are_refused()
    {
        Assert.Throws<ArgumentException>(() => JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 1, JobState.Running, false)));
        Assert.Throws<ArgumentException>(() => JobMergeRules.End(FromProlog, new JobEnd("slurm:8", 1, JobState.Completed, false)));
        Assert.Throws<ArgumentException>(() => JobMergeRules.Start(FromProlog, FromSqueue with { Id = "slurm:8" }));
    }
}
