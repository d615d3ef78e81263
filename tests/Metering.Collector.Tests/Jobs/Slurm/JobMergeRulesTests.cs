using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>How start and end reports of one job combine: fill-only, nodes added, first end wins.</summary>
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
    public void A_start_never_reopens_an_ended_job()
    {
        var ended = JobMergeRules.End(FromProlog, new JobEnd("slurm:7", 20_000, JobState.Completed, false))!;

        Assert.Same(ended, JobMergeRules.Start(ended, FromSqueue));
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
