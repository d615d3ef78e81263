using System.Globalization;

namespace Metering.Collector.Slurm;

/// <summary>
/// Runs the real <c>sacct --json --duplicates --allusers --starttime T --endtime now</c> (every run of every job that ran
/// since T, requeued runs each a record) with TZ=UTC, so that the start time it is given means the same to it as to
/// the collector, and kills it when it runs past the timeout.
/// </summary>
public sealed class SacctProcessRunner : ISacctRunner
{
    private static readonly Dictionary<string, string> Utc = new() { ["TZ"] = "UTC" };
    private readonly string _executable;
    private readonly string? _slurmConf;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the runner.</summary>
    /// <param name="slurmConf">slurm.conf to use (SLURM_CONF); null for sacct's default.</param>
    /// <param name="timeout">How long one run may take; positive.</param>
    /// <param name="executable">The sacct program (a name looked up on PATH, or a path).</param>
    public SacctProcessRunner(string? slurmConf, TimeSpan timeout, string executable = "sacct")
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        _slurmConf = slurmConf;
        _timeout = timeout;
        _executable = executable;
    }

    /// <summary>The arguments for the jobs since <paramref name="sinceMs"/> (in UTC: the process runs with TZ=UTC).</summary>
    public static IReadOnlyList<string> Arguments(long sinceMs) =>
    [
        "--json", "--duplicates", "--allusers", "--starttime",
        DateTimeOffset.FromUnixTimeMilliseconds(sinceMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        "--endtime", "now",
    ];

    /// <inheritdoc />
    public Task<string> RunAsync(long sinceMs, CancellationToken cancellationToken) =>
        SlurmProcess.RunAsync(_executable, Arguments(sinceMs), _slurmConf, _timeout, Utc, cancellationToken);
}
