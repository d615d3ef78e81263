using System.Globalization;
using System.Text.RegularExpressions;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Reports;

/// <summary>
/// A Slurm job as people name it in `metering report job`: a bare job number ("4711": the job, every run of it, and
/// every task of array 4711) or an array task ("4711_2", "slurm:4711_2"). The collector's own ids
/// (<see cref="SlurmJobIds"/>) are looked up as they are first.
/// </summary>
internal sealed partial record SlurmKey(long JobId, long? TaskId)
{
    /// <summary>The key in <paramref name="text"/>, or null when it names no Slurm job this way.</summary>
    public static SlurmKey? Parse(string text)
    {
        var m = Pattern().Match(text);
        if (!m.Success || !long.TryParse(m.Groups["job"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var job))
        {
            return null;
        }

        if (!m.Groups["task"].Success)
        {
            return m.Groups["prefix"].Success ? null : new SlurmKey(job, null);
        }

        return long.TryParse(m.Groups["task"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var task) ? new SlurmKey(job, task) : null;
    }

    /// <summary>The run of a job row (1 for anything that is not a later run).</summary>
    public static int RunOf(ReportRow job) => SlurmJobIds.TryParse(job.Label, out _, out var run) ? run : 1;

    /// <summary>True when <paramref name="job"/> is one this key names.</summary>
    public bool Matches(ReportRow job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (TaskId is { } task)
        {
            return job.ArrayJobId == JobId && job.ArrayTaskId == task;
        }

        return (SlurmJobIds.TryParse(job.Label, out var id, out _) && id == JobId) || job.ArrayJobId == JobId;
    }

    [GeneratedRegex(@"^(?<prefix>slurm:)?(?<job>[0-9]{1,18})(_(?<task>[0-9]{1,9}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
