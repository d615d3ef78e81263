namespace Metering.Collector.Jobs.Slurm;

/// <summary>What one reconciliation pass changes; empty when the collector already agrees with Slurm.</summary>
/// <param name="Added">Jobs the collector did not know (sent as starts): running ones, and finished ones Slurm still lists.</param>
/// <param name="Filled">Known jobs Slurm has more about (name, account, nodes, GPUs, array): sent as starts, merged.</param>
/// <param name="Ended">Ends of jobs the collector holds as running, and of the finished jobs in <paramref name="Added"/>.</param>
/// <param name="Refined">Slurm's own record of jobs an Epilog (or a user) already ended: their outcome as Slurm knows it.</param>
/// <param name="Refused">What was not sent because the API would refuse it, one line each ("slurm:5: allocations[0].node: ...").</param>
public sealed record ReconcilePlan(
    IReadOnlyList<Job> Added,
    IReadOnlyList<Job> Filled,
    IReadOnlyList<JobEnd> Ended,
    IReadOnlyList<JobEnd> Refined,
    IReadOnlyList<string> Refused)
{
    /// <summary>A plan without refinements or refusals.</summary>
    public ReconcilePlan(IReadOnlyList<Job> added, IReadOnlyList<Job> filled, IReadOnlyList<JobEnd> ended)
        : this(added, filled, ended, [], [])
    {
    }

    /// <summary>True when the pass changes nothing.</summary>
    public bool IsEmpty => Added.Count == 0 && Filled.Count == 0 && Ended.Count == 0 && Refined.Count == 0;

    /// <summary>A short account for logs: "added 1, filled 0, ended 2 (1 approximate), refined 1, refused 0".</summary>
    public override string ToString() =>
        $"added {Added.Count}, filled {Filled.Count}, ended {Ended.Count} ({Ended.Count(e => e.Approximate)} approximate), refined {Refined.Count}, refused {Refused.Count}";
}
