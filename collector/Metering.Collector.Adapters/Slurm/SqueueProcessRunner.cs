using System.ComponentModel;
using System.Diagnostics;

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
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_executable, "--json")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (_slurmConf is not null)
        {
            info.Environment["SLURM_CONF"] = _slurmConf;
        }

        using var process = Start(info);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new SqueueException($"{_executable} --json ran past {_timeout.TotalSeconds:0.#} s and was killed");
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        return process.ExitCode == 0
            ? output
            : throw new SqueueException($"{_executable} --json exited with {process.ExitCode}: {errors.Trim()}");
    }

    private Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new SqueueException($"{_executable} did not start");
        }
        catch (Win32Exception e)
        {
            throw new SqueueException($"{_executable} could not be started: {e.Message}", e);
        }
    }
}
