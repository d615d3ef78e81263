namespace Metering.Collector.Jobs;

/// <summary>
/// How job sources and states are spelled outside the process (HTTP API, CLI, jobs.db, the <c>job_summary</c> point):
/// lower-case enum names, e.g. "slurm", "running", "cancelled".
/// </summary>
public static class JobText
{
    /// <summary>The states an end report may give (never "running"; "ended" is the reconciler's own).</summary>
    public static readonly IReadOnlyList<JobState> EndStates = [JobState.Completed, JobState.Failed, JobState.Cancelled];

    /// <summary>"slurm", "api" or "run".</summary>
    public static string Name(JobSource source) => source.ToString().ToLowerInvariant();

    /// <summary>"running", "completed", "failed", "cancelled" or "ended".</summary>
    public static string Name(JobState state) => state.ToString().ToLowerInvariant();

    /// <summary>The source spelled <paramref name="text"/> (exactly as <see cref="Name(JobSource)"/> writes it).</summary>
    public static bool TryParseSource(string? text, out JobSource source) => TryParse(text, out source);

    /// <summary>The state spelled <paramref name="text"/> (exactly as <see cref="Name(JobState)"/> writes it).</summary>
    public static bool TryParseState(string? text, out JobState state) => TryParse(text, out state);

    /// <summary>The accepted spellings, for error messages: "slurm, api, run".</summary>
    public static string Choices<T>(IEnumerable<T>? values = null)
        where T : struct, Enum =>
        string.Join(", ", (values ?? Enum.GetValues<T>()).Select(v => v.ToString().ToLowerInvariant()));

    private static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString().ToLowerInvariant(), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
