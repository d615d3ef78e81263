using System.Globalization;
using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;
using Metering.Collector.Storage;

namespace Metering.Collector.Host;

/// <summary>
/// Persistence of <see cref="LiveAttribution"/> in the collector's <see cref="StateStore"/>, saved incrementally with
/// each ingest checkpoint: one document per retained bucket attribution, per learned baseline, per job's sealed
/// totals and per job's latest summary, the frozen rollup totals, and one meta document.
/// </summary>
public sealed partial class LiveAttribution : ICheckpointPart
{
    /// <summary>State kind of a retained bucket's attribution (key node/start).</summary>
    public const string BucketKind = "attr_bucket";

    /// <summary>State kind of a node's learned idle samples (key node).</summary>
    public const string BaselineKind = "attr_baseline";

    /// <summary>State kind of a job's sealed totals (key job).</summary>
    public const string SealedKind = "attr_sealed";

    /// <summary>State kind of a job's latest summary (key job).</summary>
    public const string SummaryKind = "attr_summary";

    /// <summary>State kind of a rollup's frozen totals (key day/dimension/value).</summary>
    public const string FrozenKind = "attr_frozen";

    /// <summary>State kind of the seal and prune marks and the counters (key "meta").</summary>
    public const string MetaKind = "attr_meta";

    private readonly SortedSet<(long EndMs, string NodeId, long StartMs)> _live = [];
    private readonly HashSet<(string NodeId, long StartMs)> _saved = [];
    private readonly HashSet<(string NodeId, long StartMs)> _dirtyBuckets = [];
    private readonly HashSet<string> _dirtyLearners = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtySealed = new(StringComparer.Ordinal);

    /// <summary>Restores the state saved in <paramref name="store"/> (empty on a first start) and subscribes to <paramref name="jobs"/>.</summary>
    public static LiveAttribution Load(StateStore store, JobStore jobs, Inventory inventory, Attributor attributor, AttributionStageOptions stageOptions, LiveAttributionOptions options,
        Containment? containment = null)
    {
        var meta = store.Load<LiveAttributionMeta>(MetaKind).GetValueOrDefault("meta");
        var snapshot = new AttributionSnapshot(
            [.. store.Load<IdleBaselineState>(BaselineKind).Values],
            new LedgerSnapshot([.. store.Load<BucketAttribution>(BucketKind).Values], [.. store.Load<JobSummaryState>(SealedKind).Values], meta?.SealedThroughMs ?? long.MinValue),
            meta?.Stats ?? AttributionStats.Zero);
        var stage = AttributionStage.Import(snapshot, inventory, jobs, attributor, stageOptions);
        var summaries = new SummaryIndex(store.Load<SummaryEntry>(SummaryKind).Values, store.Load<FrozenRollup>(FrozenKind).Values, meta?.PrunedThroughMs ?? long.MinValue);
        return new LiveAttribution(jobs, stage, summaries, options, containment);
    }

    /// <summary>A fresh instance with no saved state (tests, `metering run`).</summary>
    public static LiveAttribution Create(JobStore jobs, AttributionStage stage, LiveAttributionOptions? options = null) =>
        new(jobs, stage, new SummaryIndex(), options ?? new LiveAttributionOptions());

    /// <inheritdoc />
    public void Collect(List<(string Kind, string Key, object Value)> documents, List<(string Kind, string Key)> deletions)
    {
        foreach (var key in _dirtyBuckets)
        {
            if (Stage.Ledger.Find(key.NodeId, key.StartMs) is { } a)
            {
                documents.Add((BucketKind, BucketKey(key), a));
                _saved.Add(key);
            }
            else if (_saved.Remove(key))
            {
                deletions.Add((BucketKind, BucketKey(key)));
            }
        }

        foreach (var node in _dirtyLearners)
        {
            if (Stage.LearnerOf(node) is { } learner)
            {
                documents.Add((BaselineKind, node, learner.Export(node)));
            }
            else
            {
                deletions.Add((BaselineKind, node));
            }
        }

        foreach (var job in _dirtySealed)
        {
            if (Stage.Ledger.SealedTotals(job) is { } totals)
            {
                documents.Add((SealedKind, job, totals));
            }
            else
            {
                deletions.Add((SealedKind, job));
            }
        }

        var (entries, frozen) = Summaries.TakeChanges();
        foreach (var (job, entry) in entries)
        {
            if (entry is null)
            {
                deletions.Add((SummaryKind, job));
            }
            else
            {
                documents.Add((SummaryKind, job, entry));
            }
        }

        foreach (var f in frozen)
        {
            documents.Add((FrozenKind, string.Create(CultureInfo.InvariantCulture, $"{f.Key.DayStartMs}/{f.Key.Dimension}/{f.Key.Key}"), f));
        }

        documents.Add((MetaKind, "meta", new LiveAttributionMeta(Stage.Ledger.SealedThroughMs, Summaries.PrunedThroughMs, Stage.Stats)));
        _dirtyBuckets.Clear();
        _dirtyLearners.Clear();
        _dirtySealed.Clear();
    }

    /// <summary>Notes a bucket written: its document and its node's learner are saved at the next checkpoint.</summary>
    private void Track(NodeIntervalRemainder r)
    {
        _dirtyBuckets.Add((r.NodeId, r.BucketStartMs));
        _dirtyLearners.Add(r.NodeId);
        if (Stage.Ledger.Find(r.NodeId, r.BucketStartMs) is not null)
        {
            _live.Add((r.BucketEndMs, r.NodeId, r.BucketStartMs));
        }
    }

    /// <summary>Seals the buckets past retention; their jobs' sealed totals and their documents change.</summary>
    private void Seal(long nowMs)
    {
        var through = nowMs - Stage.Options.RetentionMs;
        while (_live.Count > 0 && _live.Min is var (end, node, start) && end <= through)
        {
            _live.Remove((end, node, start));
            foreach (var r in Stage.Ledger.Find(node, start)?.Jobs ?? [])
            {
                _dirtySealed.Add(r.JobId);
                if (_jobs.Find(r.JobId)?.EndMs is not null)
                {
                    _dirtyJobs.Add(r.JobId);   // an ended job's summary is written again: final (not provisional) once its last bucket is sealed
                }
            }

            _dirtyBuckets.Add((node, start));
        }

        Stage.Evict(nowMs);
    }

    private static string BucketKey((string NodeId, long StartMs) key) => string.Create(CultureInfo.InvariantCulture, $"{key.NodeId}/{key.StartMs}");
}

/// <summary>The marks and counters of a <see cref="LiveAttribution"/>, saved with every checkpoint.</summary>
/// <param name="SealedThroughMs">The ledger's seal mark.</param>
/// <param name="PrunedThroughMs">The summary index's prune mark.</param>
/// <param name="Stats">The stage's counters.</param>
public sealed record LiveAttributionMeta(long SealedThroughMs, long PrunedThroughMs, AttributionStats Stats);
