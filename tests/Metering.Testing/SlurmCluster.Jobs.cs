using System.Diagnostics;
using System.Globalization;

namespace Metering.Testing;

/// <summary>Submitting, watching and cancelling jobs; Slurm commands with SLURM_CONF set.</summary>
public sealed partial class SlurmCluster
{
    /// <summary>Runs a Slurm command (squeue, sbatch, scontrol, ...) against this cluster; returns exit code, stdout, stderr.</summary>
    public (int ExitCode, string Output, string Error) Command(string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(info.ArgumentList.Add);
        info.Environment["SLURM_CONF"] = ConfPath;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    /// <summary>
    /// Submits a batch job (<c>sbatch --parsable</c>, output to jobs/%j.out) with <paramref name="arguments"/>, e.g.
    /// "--gres=gpu:2", "--wrap", "sleep 1"; returns its job id.
    /// </summary>
    public long Submit(params string[] arguments)
    {
        var (code, output, error) = Command("sbatch", ["--parsable", "-o", Path.Combine(Directory, "jobs", "%j.out"), .. arguments]);
        return code == 0 ? long.Parse(output.Trim().Split(';')[0], CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"sbatch {string.Join(' ', arguments)} failed ({code}): {error}\n{Logs()}");
    }

    /// <summary>What a batch job printed (jobs/&lt;id&gt;.out), or "" before it exists.</summary>
    public string JobOutput(long jobId)
    {
        var path = Path.Combine(Directory, "jobs", $"{jobId}.out");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>The job's state as squeue prints it (RUNNING, COMPLETED, ...), or "" once slurmctld has forgotten it.</summary>
    public string JobState(long jobId) =>
        Command("squeue", "-h", "-t", "all", "-j", jobId.ToString(CultureInfo.InvariantCulture), "-o", "%T").Output.Trim();

    /// <summary>Waits until the job is in one of <paramref name="states"/>; returns that state.</summary>
    public string WaitForState(long jobId, TimeSpan timeout, params string[] states)
    {
        var state = "";
        WaitUntil(() => states.Contains(state = JobState(jobId)), timeout,
            () => $"job {jobId} stayed '{state}', never one of {string.Join('/', states)}.\n{Logs()}");
        return state;
    }

    /// <summary>Cancels a job (scancel).</summary>
    public void Cancel(long jobId) => Command("scancel", jobId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The node's state as sinfo prints it: "idle", "mix", "alloc", "drain", ...</summary>
    public string NodeState() => Command("sinfo", "-h", "-n", NodeName, "-o", "%t").Output.Trim();

    /// <summary>The node's Reason= (why it was drained or downed), "" when none.</summary>
    public string NodeReason()
    {
        var line = Command("scontrol", "-o", "show", "node", NodeName).Output;
        var start = line.IndexOf(" Reason=", StringComparison.Ordinal);
        return start < 0 ? "" : line[(start + 8)..].Trim();
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms; throws TimeoutException with <paramref name="diagnostics"/>.</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> diagnostics)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{diagnostics()} (waited {timeout})");
            }

            Thread.Sleep(100);
        }
    }

    private void CancelAllJobs(TimeSpan timeout)
    {
        Command("scancel", "--full", "--partition=debug");
        try
        {
            WaitUntil(() => Command("squeue", "-h", "-t", "RUNNING,COMPLETING,CONFIGURING,SUSPENDED", "-o", "%i").Output.Trim().Length == 0,
                timeout, () => "jobs still hold the node");
        }
        catch (TimeoutException)
        {
            // Stop the daemons anyway; a job left behind dies with its slurmstepd's lost controller.
        }
    }
}
