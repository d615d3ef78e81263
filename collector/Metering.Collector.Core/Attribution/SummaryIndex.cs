using Metering.Collector.Jobs;

namespace Metering.Collector.Attribution;

/// <summary>
/// The latest summary written for each job, by the UTC day of the job's start, so a day's rollup per project, user
/// or model is recomputed from the summaries of that day's jobs whenever one of them changes (README.md "Running in
/// the collector"). Jobs ended at or before <see cref="PrunedThroughMs"/> are pruned: their totals move into frozen
/// per-day rollup totals (so a day's rollup stays exact) and their summaries are final. Pure; not thread-safe.
/// </summary>
public sealed class SummaryIndex
{
    /// <summary>The rollup key of jobs without a value for a dimension (no project, user or model).</summary>
    public const string NoValue = "(none)";

    private readonly Dictionary<string, SummaryEntry> _byJob = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SortedDictionary<string, SummaryEntry>> _byDay = [];
    private readonly SortedSet<(long EndMs, string JobId)> _ended = [];
    private readonly Dictionary<RollupKey, RollupTotals> _frozen = [];
    private readonly HashSet<string> _changedJobs = new(StringComparer.Ordinal);
    private readonly HashSet<RollupKey> _changedFrozen = [];

    /// <summary>An empty index.</summary>
    public SummaryIndex()
    {
    }

    /// <summary>An index restored from saved entries, frozen totals and the prune mark.</summary>
    public SummaryIndex(IEnumerable<SummaryEntry> entries, IEnumerable<FrozenRollup> frozen, long prunedThroughMs)
    {
        foreach (var e in entries)
        {
            Put(e);
        }

        foreach (var f in frozen)
        {
            _frozen[f.Key] = f.Totals;
        }

        PrunedThroughMs = prunedThroughMs;
    }

    /// <summary>Jobs that ended at or before this are pruned: their summaries are final, ms since the Unix epoch (long.MinValue: none).</summary>
    public long PrunedThroughMs { get; private set; } = long.MinValue;

    /// <summary>Jobs held.</summary>
    public int Count => _byJob.Count;

    /// <summary>The job's latest entry, or null.</summary>
    public SummaryEntry? Find(string jobId) => _byJob.GetValueOrDefault(jobId);

    /// <summary>
    /// True when <paramref name="job"/> is not held and ended at or before the prune mark: it was pruned (its summary is
    /// final) or is reported only now, after its buckets were sealed. A held job that ends that early (a late end of
    /// a long job) is not: it is summarized once more, then pruned.
    /// </summary>
    public bool IsPruned(Job job) => job.EndMs is { } end && end <= PrunedThroughMs && !_byJob.ContainsKey(job.Id);

    /// <summary>The rollup groups a job counts in: one per dimension, on the UTC day of its start.</summary>
    public static IEnumerable<RollupKey> Groups(Job job)
    {
        var day = AttributionPoints.DayStartMs(job.StartMs);
        foreach (var dimension in AttributionPoints.RollupDimensions)
        {
            var value = dimension switch
            {
                "project" => job.Project,
                "user" => job.User,
                _ => job.Model,
            };
            yield return new RollupKey(dimension, string.IsNullOrEmpty(value) ? NoValue : value, day);
        }
    }

    /// <summary>Records the job's latest summary; returns the rollup groups to recompute (the job's old and new ones).</summary>
    public IReadOnlyCollection<RollupKey> Update(Job job, JobSummary summary)
    {
        var groups = new HashSet<RollupKey>(Groups(job));
        if (_byJob.TryGetValue(job.Id, out var old))
        {
            groups.UnionWith(Groups(old.Job));
            Remove(old);
        }

        Put(new SummaryEntry(job, summary));
        _changedJobs.Add(job.Id);
        return groups;
    }

    /// <summary>A group's totals: its frozen totals plus the latest summaries of its day's jobs with that value.</summary>
    public RollupTotals Rollup(RollupKey key)
    {
        var totals = _frozen.GetValueOrDefault(key) ?? RollupTotals.Zero;
        foreach (var e in _byDay.TryGetValue(key.DayStartMs, out var day) ? day.Values : Enumerable.Empty<SummaryEntry>())
        {
            if (Groups(e.Job).Contains(key))
            {
                totals = totals.Add(e.Summary);
            }
        }

        return totals;
    }

    /// <summary>
    /// Moves the mark to <paramref name="throughMs"/> (never back) and prunes every job that ended at or before it:
    /// its totals join the frozen totals of its groups. Returns the pruned job ids.
    /// </summary>
    public IReadOnlyList<string> Prune(long throughMs)
    {
        PrunedThroughMs = Math.Max(PrunedThroughMs, throughMs);
        var pruned = new List<string>();
        while (_ended.Count > 0 && _ended.Min is var (end, id) && end <= PrunedThroughMs)
        {
            var e = _byJob[id];
            foreach (var key in Groups(e.Job))
            {
                _frozen[key] = (_frozen.GetValueOrDefault(key) ?? RollupTotals.Zero).Add(e.Summary);
                _changedFrozen.Add(key);
            }

            Remove(e);
            _changedJobs.Add(id);
            pruned.Add(id);
        }

        return pruned;
    }

    /// <summary>What changed since the last call: entries to save (null: delete the job's), frozen totals to save.</summary>
    public (IReadOnlyList<(string JobId, SummaryEntry? Entry)> Entries, IReadOnlyList<FrozenRollup> Frozen) TakeChanges()
    {
        var entries = _changedJobs.Order(StringComparer.Ordinal).Select(id => (id, _byJob.GetValueOrDefault(id))).ToList();
        var frozen = _changedFrozen.Select(k => new FrozenRollup(k, _frozen[k])).ToList();
        _changedJobs.Clear();
        _changedFrozen.Clear();
        return (entries, frozen);
    }

    private void Put(SummaryEntry e)
    {
        _byJob[e.Job.Id] = e;
        var day = AttributionPoints.DayStartMs(e.Job.StartMs);
        (_byDay.TryGetValue(day, out var d) ? d : _byDay[day] = new(StringComparer.Ordinal))[e.Job.Id] = e;
        if (e.Job.EndMs is { } end)
        {
            _ended.Add((end, e.Job.Id));
        }
    }

    private void Remove(SummaryEntry e)
    {
        _byJob.Remove(e.Job.Id);
        var day = AttributionPoints.DayStartMs(e.Job.StartMs);
        if (_byDay.TryGetValue(day, out var d) && d.Remove(e.Job.Id) && d.Count == 0)
        {
            _byDay.Remove(day);
        }

        if (e.Job.EndMs is { } end)
        {
            _ended.Remove((end, e.Job.Id));
        }
    }
}

/// <summary>The job as its summary was last written, and that summary.</summary>
/// <param name="Job">The job (labels, allocations, times) the summary was written for.</param>
/// <param name="Summary">The summary written.</param>
public sealed record SummaryEntry(Job Job, JobSummary Summary);

/// <summary>One rollup: a dimension (project, user, model), its value, and the UTC day of the jobs' start.</summary>
/// <param name="Dimension">project, user or model.</param>
/// <param name="Key">The value; <see cref="SummaryIndex.NoValue"/> for jobs without one.</param>
/// <param name="DayStartMs">The UTC day's start, ms since the Unix epoch.</param>
public readonly record struct RollupKey(string Dimension, string Key, long DayStartMs);

/// <summary>A rollup's totals.</summary>
/// <param name="Jobs">Jobs counted.</param>
/// <param name="ItMillijoules">IT energy, mJ.</param>
/// <param name="FacilityMillijoules">Facility energy, mJ.</param>
/// <param name="Co2eGrams">CO2e, g.</param>
public sealed record RollupTotals(long Jobs, long ItMillijoules, long FacilityMillijoules, double Co2eGrams)
{
    /// <summary>Nothing.</summary>
    public static RollupTotals Zero { get; } = new(0, 0, 0, 0);

    /// <summary>These totals plus one job's summary.</summary>
    public RollupTotals Add(JobSummary s) => new(Jobs + 1, ItMillijoules + s.ItMillijoules, FacilityMillijoules + s.FacilityMillijoules, Co2eGrams + s.Co2eGrams);
}

/// <summary>The frozen totals of a rollup's pruned jobs.</summary>
/// <param name="Key">The rollup.</param>
/// <param name="Totals">The pruned jobs' totals.</param>
public sealed record FrozenRollup(RollupKey Key, RollupTotals Totals);
