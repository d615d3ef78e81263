namespace Metering.Collector.Slurm;

/// <summary>Runs <c>squeue --json</c>. The real one is <see cref="SqueueProcessRunner"/>; tests may use a canned document.</summary>
public interface ISqueueRunner
{
    /// <summary>squeue's standard output (a JSON document).</summary>
    /// <exception cref="SqueueException">squeue could not start, exited non-zero, or ran past its timeout.</exception>
    Task<string> RunAsync(CancellationToken cancellationToken);
}

/// <summary>squeue could not be run or failed: the reconciler skips the pass and changes nothing.</summary>
public sealed class SqueueException(string message, Exception? inner = null) : Exception(message, inner);
