using System.Text;

namespace Metering.Collector.Jobs;

/// <summary>
/// How job sources and states are spelled outside the process (HTTP API, CLI, jobs.db, the <c>job_summary</c> point):
/// snake_case enum names, e.g. "slurm", "running", "cancelled", "node_fail", "out_of_memory".
/// </summary>
public static class JobText
{
    /// <summary>
    /// The states an end report may give: what a node or a user can know. Never "running"; "ended" is the
    /// reconciler's (gone, outcome unknown) and "requeued" the scheduler's.
    /// </summary>
    public static readonly IReadOnlyList<JobState> EndStates =
        [JobState.Completed, JobState.Failed, JobState.Cancelled, JobState.Timeout, JobState.NodeFail, JobState.Preempted, JobState.OutOfMemory];

    /// <summary>"slurm", "api" or "run".</summary>
    public static string Name(JobSource source) => SnakeCase(source.ToString());

    /// <summary>"running", "completed", "failed", "cancelled", "ended", "timeout", "node_fail", "preempted", "out_of_memory" or "requeued".</summary>
    public static string Name(JobState state) => SnakeCase(state.ToString());

    /// <summary>The source spelled <paramref name="text"/> (exactly as <see cref="Name(JobSource)"/> writes it).</summary>
    public static bool TryParseSource(string? text, out JobSource source) => TryParse(text, out source);

    /// <summary>The state spelled <paramref name="text"/> (exactly as <see cref="Name(JobState)"/> writes it).</summary>
    public static bool TryParseState(string? text, out JobState state) => TryParse(text, out state);

    /// <summary>The accepted spellings, for error messages: "slurm, api, run".</summary>
    public static string Choices<T>(IEnumerable<T>? values = null)
        where T : struct, Enum =>
        string.Join(", ", (values ?? Enum.GetValues<T>()).Select(v => SnakeCase(v.ToString())));

    private static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(SnakeCase(candidate.ToString()), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    // "OutOfMemory" -> "out_of_memory".
    private static string SnakeCase(string name)
    {
        var b = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && b.Length > 0)
            {
                b.Append('_');
            }

            b.Append(char.ToLowerInvariant(c));
        }

        return b.ToString();
    }
}
