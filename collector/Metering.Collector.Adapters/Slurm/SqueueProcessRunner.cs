namespace Metering.Collector.Slurm;

/// <summary>
/// Runs the real <c>squeue --json</c> as a child process, with SLURM_CONF set when a path is given, and kills it (and
/// its children) when it runs past the timeout (a slurmctld that does not answer makes squeue wait).
/// </summary>
public sealed class SqueueProcessRunner : ISqueueRunner
{
    private readonly string _executable;
    private readonly string? _slurmConf;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the runner.</summary>
    /// <param name="slurmConf">slurm.conf to use (SLURM_CONF); null for squeue's default.</param>
    /// <param name="timeout">How long one run may take; positive.</param>
    /// <param name="executable">The squeue program (a name looked up on PATH, or a path).</param>
    public SqueueProcessRunner(string? slurmConf, TimeSpan timeout, string executable = "squeue")
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        _slurmConf = slurmConf;
        _timeout = timeout;
        _executable = executable;
    }

    /// <inheritdoc />
    public Task<string> RunAsync(CancellationToken cancellationToken) =>
        SlurmProcess.RunAsync(_executable, ["--json"], _slurmConf, _timeout, null, cancellationToken);
}
