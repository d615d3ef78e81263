namespace Metering.Collector.Jobs.Slurm;

/// <summary>What one reconciliation pass changes; empty when the collector already agrees with squeue.</summary>
/// <param name="Added">Running jobs the collector did not know (sent as starts).</param>
/// <param name="Filled">Known running jobs squeue has more about (name, account, nodes, GPUs): sent as starts, merged.</param>
/// <param name="Ended">Known running jobs that squeue shows finished, pending again, or no longer lists.</param>
public sealed record ReconcilePlan(IReadOnlyList<Job> Added, IReadOnlyList<Job> Filled, IReadOnlyList<JobEnd> Ended)
{
    /// <summary>True when the pass changes nothing.</summary>
    public bool IsEmpty => Added.Count == 0 && Filled.Count == 0 && Ended.Count == 0;

    /// <summary>A short account for logs: "added 1, filled 0, ended 2 (1 approximate)".</summary>
    public override string ToString() =>
        $"added {Added.Count}, filled {Filled.Count}, ended {Ended.Count} ({Ended.Count(e => e.Approximate)} approximate)";
}
