namespace Metering.Collector.Slurm;

/// <summary>
/// Runs <c>sacct --json</c> for the jobs that ran since a time. The real one is <see cref="SacctProcessRunner"/>;
/// tests use captured documents (slurmdbd needs a database the tests do not run).
/// </summary>
public interface ISacctRunner
{
    /// <summary>sacct's standard output (a JSON document) for the jobs that ran at or after <paramref name="sinceMs"/> (ms since the Unix epoch).</summary>
    /// <exception cref="SqueueException">sacct could not start, exited non-zero, or ran past its timeout.</exception>
    Task<string> RunAsync(long sinceMs, CancellationToken cancellationToken);
}
