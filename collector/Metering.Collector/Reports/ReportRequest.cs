namespace Metering.Collector.Reports;

/// <summary>
/// What to report on: a <see cref="Kind"/>, the job id, project, model, user or node it is about, and a time range
/// [<see cref="FromMs"/>, <see cref="ToMs"/>) in ms since the Unix epoch (UTC). Job reports ignore the range; project,
/// model and user reports take the jobs that <b>started</b> in it; node reports take the buckets that start in it.
/// </summary>
/// <param name="Kind">The report kind.</param>
/// <param name="Key">The job id, project, model, user or node id.</param>
/// <param name="FromMs">Range start, inclusive, ms since the Unix epoch.</param>
/// <param name="ToMs">Range end, exclusive, ms since the Unix epoch.</param>
public sealed record ReportRequest(ReportKind Kind, string Key, long FromMs, long ToMs)
{
    /// <summary>The whole of time: the range of a report given no --from or --to.</summary>
    public const long Unbounded = long.MinValue;

    /// <summary>The kind as the command line and the JSON spell it: job, project, model, user, node.</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>Problems with this request (empty key, empty range), each a sentence; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Key))
        {
            errors.Add($"the {KindName} to report on is empty");
        }

        if (FromMs >= ToMs)
        {
            errors.Add($"the range is empty: --from ({ReportUnits.Time(FromMs)}) must be before --to ({ReportUnits.Time(ToMs)})");
        }

        return errors;
    }
}
