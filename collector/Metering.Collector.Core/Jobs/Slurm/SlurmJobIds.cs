using System.Globalization;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// The collector's ids of Slurm jobs: "slurm:" and Slurm's job id ("slurm:4711"), as the Prolog/Epilog send them.
/// A requeued job runs again under the same Slurm id; its second and later runs are records of their own,
/// "slurm:4711:run2" (the Prolog knows its run from SLURM_JOB_RESTART_COUNT). An array task's id is its own Slurm job
/// id too (what SLURM_JOB_ID says in its hooks); its array id and index are kept beside it (<see cref="Job.ArrayJobId"/>).
/// </summary>
public static class SlurmJobIds
{
    /// <summary>The prefix of every Slurm job id.</summary>
    public const string Prefix = "slurm:";

    /// <summary>What separates a later run's number: "slurm:4711:run2".</summary>
    public const string RunInfix = ":run";

    /// <summary>The id rule for error messages.</summary>
    public const string Rule = "\"slurm:\" and Slurm's job number, with \":runN\" (N 2 or more) for a requeued job's later runs, e.g. slurm:4711 or slurm:4711:run2";

    /// <summary>Highest run number accepted (Slurm's own limit on requeues, MaxBatchRequeue, is far lower).</summary>
    public const int MaxRun = 100_000;

    /// <summary>"slurm:" and <paramref name="jobId"/>, and ":runN" for a run after the first.</summary>
    public static string Format(long jobId, int run = 1) =>
        Prefix + jobId.ToString(CultureInfo.InvariantCulture) + (run > 1 ? RunInfix + run.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>Slurm's job id inside <paramref name="id"/>, or false when it is not a Slurm job id.</summary>
    public static bool TryParse(string id, out long jobId) => TryParse(id, out jobId, out _);

    /// <summary>Slurm's job id and the run (1 for "slurm:N") inside <paramref name="id"/>, or false when it is not a Slurm job id.</summary>
    public static bool TryParse(string id, out long jobId, out int run)
    {
        ArgumentNullException.ThrowIfNull(id);
        jobId = 0;
        run = 1;
        if (!id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = id.AsSpan(Prefix.Length);
        var infix = rest.IndexOf(RunInfix, StringComparison.Ordinal);
        if (infix >= 0)
        {
            if (!int.TryParse(rest[(infix + RunInfix.Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out run) || run is < 2 or > MaxRun)
            {
                return false;
            }

            rest = rest[..infix];
        }

        return long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out jobId) && jobId > 0
            && Format(jobId, run) == id; // no leading zeros: one job, one spelling
    }

    /// <summary>"3_0": an array task as Slurm writes it.</summary>
    public static string ArrayName(long arrayJobId, int taskId) =>
        arrayJobId.ToString(CultureInfo.InvariantCulture) + "_" + taskId.ToString(CultureInfo.InvariantCulture);
}
