using System.ComponentModel;
using System.Diagnostics;

namespace Metering.Collector.Slurm;

/// <summary>
/// Runs a Slurm command (squeue, sacct) as a child process with SLURM_CONF set when a path is given, and kills it (and
/// its children) when it runs past the timeout (a slurmctld or slurmdbd that does not answer makes it wait).
/// </summary>
internal static class SlurmProcess
{
    /// <summary>The command's standard output.</summary>
    /// <exception cref="SqueueException">It could not start, exited non-zero, or ran past <paramref name="timeout"/>.</exception>
    public static async Task<string> RunAsync(string executable, IReadOnlyList<string> arguments, string? slurmConf, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (slurmConf is not null)
        {
            info.Environment["SLURM_CONF"] = slurmConf;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var command = $"{executable} {string.Join(' ', arguments)}";
        using var process = Start(info, executable);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new SqueueException($"{command} ran past {timeout.TotalSeconds:0.#} s and was killed");
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        return process.ExitCode == 0
            ? output
            : throw new SqueueException($"{command} exited with {process.ExitCode}: {errors.Trim()}");
    }

    private static Process Start(ProcessStartInfo info, string executable)
    {
        try
        {
            return Process.Start(info) ?? throw new SqueueException($"{executable} did not start");
        }
        catch (Win32Exception e)
        {
            throw new SqueueException($"{executable} could not be started: {e.Message}", e);
        }
    }
}
