namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// The job store as the Slurm job source sees it. The job store (behind the HTTP job API and
/// <c>metering job start|end</c>) implements it by applying <see cref="JobMergeRules"/>, which makes every call
/// idempotent: the prolog of each node of a job, the reconciler and a retried CLI call may all report the same job.
/// </summary>
public interface IJobSink
{
    /// <summary>
    /// Records that <paramref name="job"/> runs (or ran). An unknown id is stored as given; a known id is merged with
    /// <see cref="JobMergeRules.Start"/> (fills what the stored job lacks, adds nodes; never reopens an ended job).
    /// </summary>
    Task StartAsync(Job job, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a job ended (<see cref="JobMergeRules.End"/>): a running job takes the end; an ended job keeps the
    /// report and takes its outcome when it is more authoritative (squeue or sacct after an Epilog); an unknown id is
    /// left alone. <see cref="JobEnd.Approximate"/> is kept on the job.
    /// </summary>
    Task EndAsync(JobEnd end, CancellationToken cancellationToken);

    /// <summary>The jobs of <paramref name="source"/> that are running now (state Running, no end).</summary>
    Task<IReadOnlyList<Job>> ListRunningAsync(JobSource source, CancellationToken cancellationToken);

    /// <summary>The stored jobs among <paramref name="ids"/>; unknown ids are left out.</summary>
    Task<IReadOnlyList<Job>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);
}
