namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// What Slurm said in one reconciliation pass: every job squeue lists (a complete snapshot of what slurmctld
/// remembers), and, where an accounting database exists, sacct's records (each run of a requeued job its own record),
/// which cover what squeue has forgotten.
/// </summary>
/// <param name="Squeue">squeue's jobs, in its order (a later entry for the same job wins).</param>
/// <param name="Sacct">sacct's records; empty without slurmdbd.</param>
public sealed record SlurmSnapshot(IReadOnlyList<SqueueJob> Squeue, IReadOnlyList<SqueueJob> Sacct)
{
    /// <summary>
    /// False when a source the collector is configured to ask did not answer (sacct failed this pass): a job missing
    /// from the snapshot may then be one that source would have described, so none is ended for being missing.
    /// </summary>
    public bool Complete { get; init; } = true;

    /// <summary>Each run Slurm describes, by the collector's id (<see cref="SqueueJob.Id"/>), with who described it: squeue's word over sacct's.</summary>
    public IReadOnlyDictionary<string, (SqueueJob Job, string By)> Runs()
    {
        var runs = new Dictionary<string, (SqueueJob, string)>(StringComparer.Ordinal);
        foreach (var job in Sacct)
        {
            runs[job.Id] = (job, JobEndSources.Sacct);
        }

        foreach (var job in Squeue)
        {
            runs[job.Id] = (job, JobEndSources.Squeue);
        }

        return runs;
    }

    /// <summary>Each Slurm job id with the latest run Slurm describes.</summary>
    public IReadOnlyDictionary<long, int> LatestRuns()
    {
        var latest = new Dictionary<long, int>();
        foreach (var job in Sacct.Concat(Squeue))
        {
            latest[job.JobId] = Math.Max(latest.GetValueOrDefault(job.JobId), job.Run);
        }

        return latest;
    }
}
