using System.Text;

namespace Metering.Collector.Jobs;

/// <summary>
/// The one rule for a job's free-text labels (name, user, project, model, purpose), applied by the job store to every
/// source (HTTP API, CLI, <c>metering run</c>, Slurm hooks, the squeue reconciler) and to jobs loaded from jobs.db:
/// control characters (C0, C1, DEL), line and paragraph separators, bidirectional overrides and lone surrogates become
/// U+FFFD, surrounding white space is trimmed, and a label is cut at <see cref="JobRules.MaxLabelLength"/> characters
/// (never inside a surrogate pair); an empty label is none. Everything else, backslashes and quotes included, is kept:
/// labels are stored as fields, and the one tag made from a label (the rollup key) is escaped by
/// <see cref="Attribution.AttributionPoints"/>, so no label can stop a write.
/// </summary>
public static class JobLabels
{
    /// <summary>What replaces an unsafe character.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary>The label made safe, or null when nothing is left.</summary>
    public static string? Clean(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var text = label.Trim();
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var bad = !pair && (IsUnsafe(c) || char.IsSurrogate(c));
            if (bad && cleaned is null)
            {
                cleaned = new StringBuilder(text.Length).Append(text, 0, i);
            }

            if (cleaned is not null)
            {
                cleaned.Append(bad ? Replacement : c);
                if (pair)
                {
                    cleaned.Append(text[i + 1]);
                }
            }

            if (pair)
            {
                i++;
            }
        }

        var result = cleaned?.ToString() ?? text;
        if (result.Length > JobRules.MaxLabelLength)
        {
            var cut = JobRules.MaxLabelLength;
            if (char.IsHighSurrogate(result[cut - 1]))
            {
                cut--;
            }

            result = result[..cut];
        }

        return result;
    }

    /// <summary>True when <see cref="Clean"/> leaves <paramref name="label"/> as it is.</summary>
    public static bool IsClean(string? label) => label is null || string.Equals(Clean(label), label, StringComparison.Ordinal);

    /// <summary><paramref name="job"/> with every label cleaned (the same instance when nothing changes).</summary>
    public static Job Clean(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (name, user, project, model, purpose) = (Clean(job.Name), Clean(job.User), Clean(job.Project), Clean(job.Model), Clean(job.Purpose));
        return name == job.Name && user == job.User && project == job.Project && model == job.Model && purpose == job.Purpose
            ? job
            : job with { Name = name, User = user, Project = project, Model = model, Purpose = purpose };
    }

    /// <summary>Characters no label keeps: controls, line and paragraph separators, bidirectional embeddings and overrides.</summary>
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
