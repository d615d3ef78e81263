namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// The job store as the Slurm job source sees it. The job store (behind the HTTP job API and
/// <c>metering job start|end</c>) implements it by applying <see cref="JobMergeRules"/>, which makes every call
/// idempotent: the prolog of each node of a job, the reconciler and a retried CLI call may all report the same job.
/// </summary>
public interface IJobSink
{
    /// <summary>
    /// Records that <paramref name="job"/> runs. An unknown id is stored as given; a known running id is merged with
    /// <see cref="JobMergeRules.Start"/> (fills what the stored job lacks, adds nodes); an ended id is left alone.
    /// </summary>
    Task StartAsync(Job job, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a job ended (<see cref="JobMergeRules.End"/>): a running job takes the end; an ended or unknown id
    /// is left alone (the first end wins). <see cref="JobEnd.Approximate"/> is kept with the job's summary.
    /// </summary>
    Task EndAsync(JobEnd end, CancellationToken cancellationToken);

    /// <summary>The jobs of <paramref name="source"/> that are running now (state Running, no end).</summary>
    Task<IReadOnlyList<Job>> ListRunningAsync(JobSource source, CancellationToken cancellationToken);
}
