using System.Globalization;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>The collector's ids of Slurm jobs: "slurm:" and Slurm's job id, as the Prolog/Epilog scripts send them.</summary>
public static class SlurmJobIds
{
    /// <summary>The prefix of every Slurm job id.</summary>
    public const string Prefix = "slurm:";

    /// <summary>"slurm:" and <paramref name="jobId"/>.</summary>
    public static string Format(long jobId) => Prefix + jobId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Slurm's job id inside <paramref name="id"/>, or false when it is not a Slurm job id.</summary>
    public static bool TryParse(string id, out long jobId)
    {
        jobId = 0;
        return id.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(id.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out jobId);
    }
}
