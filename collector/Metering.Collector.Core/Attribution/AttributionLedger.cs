using Metering.Collector.Jobs;

namespace Metering.Collector.Attribution;

/// <summary>
/// The current attribution of every retained node bucket, keyed by (node, bucket start), so a re-attribution replaces
/// what it supersedes (with retractions for jobs that left a bucket) and a job's summary is a fold over the current
/// records of its nodes' buckets. Buckets past retention are <see cref="Seal"/>ed: their records fold into per-job
/// totals and can no longer change. Pure: no clock, no I/O; not thread-safe.
/// </summary>
public sealed class AttributionLedger
{
    private readonly Dictionary<string, SortedDictionary<long, BucketAttribution>> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobSummaryAccumulator> _sealed = new(StringComparer.Ordinal);

    /// <summary>An empty ledger.</summary>
    public AttributionLedger()
    {
    }

    /// <summary>A ledger restored from <paramref name="snapshot"/>.</summary>
    public AttributionLedger(LedgerSnapshot snapshot)
    {
        SealedThroughMs = snapshot.SealedThroughMs;
        foreach (var s in snapshot.Sealed)
        {
            _sealed[s.JobId] = new JobSummaryAccumulator(s);
        }

        foreach (var b in snapshot.Buckets)
        {
            Apply(b);
        }
    }

    /// <summary>Buckets ending at or before this time are sealed, ms since the Unix epoch (long.MinValue: none).</summary>
    public long SealedThroughMs { get; private set; } = long.MinValue;

    /// <summary>Retained (live) buckets.</summary>
    public int BucketCount => _nodes.Values.Sum(n => n.Count);

    /// <summary>
    /// Makes <paramref name="attribution"/> the current one of its bucket. Returns what to write: nothing when it equals
    /// the current one; else its remainder and records plus retractions for jobs only the previous one had. A bucket
    /// that ends at or before <see cref="SealedThroughMs"/> is returned for the store (TooLate 1) but not kept.
    /// </summary>
    public AttributionUpdate Apply(BucketAttribution attribution)
    {
        var r = attribution.Remainder;
        if (r.BucketEndMs <= SealedThroughMs)
        {
            return new([r], attribution.Jobs, [], 1);
        }

        var buckets = _nodes.TryGetValue(r.NodeId, out var b) ? b : _nodes[r.NodeId] = new();
        var previous = buckets.GetValueOrDefault(r.BucketStartMs);
        if (attribution.Equals(previous))
        {
            return AttributionUpdate.Empty;
        }

        buckets[r.BucketStartMs] = attribution;
        List<JobIntervalEnergy>? retractions = null;
        foreach (var old in previous?.Jobs ?? [])
        {
            if (!attribution.Jobs.Any(j => j.JobId == old.JobId))
            {
                (retractions ??= []).Add(old.Retraction(r.Revision));
            }
        }

        return new([r], attribution.Jobs, retractions ?? [], 0);
    }

    /// <summary>The current attribution of a bucket, or null.</summary>
    public BucketAttribution? Find(string nodeId, long bucketStartMs) =>
        _nodes.TryGetValue(nodeId, out var b) ? b.GetValueOrDefault(bucketStartMs) : null;

    /// <summary>The node's live buckets that overlap [<paramref name="fromMs"/>, <paramref name="toMs"/>), by start.</summary>
    public IReadOnlyList<BucketAttribution> Overlapping(string nodeId, long fromMs, long toMs) =>
        _nodes.TryGetValue(nodeId, out var b)
            ? [.. b.Values.Where(a => a.Remainder.BucketStartMs < toMs && a.Remainder.BucketEndMs > fromMs)]
            : [];

    /// <summary>The job's live (not yet sealed) records: those in the retained buckets of the nodes it is allocated on, by bucket then node.</summary>
    public IReadOnlyList<JobIntervalEnergy> LiveRecords(Job job)
    {
        var records = new List<JobIntervalEnergy>();
        foreach (var node in job.Allocations.Select(a => a.NodeId).Distinct(StringComparer.Ordinal))
        {
            foreach (var a in _nodes.TryGetValue(node, out var buckets) ? buckets.Values : Enumerable.Empty<BucketAttribution>())
            {
                // Every bucket, not only those inside the job's times: the summary folds what the store holds.
                records.AddRange(a.Jobs.Where(j => j.JobId == job.Id));
            }
        }

        return [.. records.OrderBy(r => r.BucketStartMs).ThenBy(r => r.NodeId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The job's summary: its sealed totals plus its live records; <see cref="AttributionFlags.Provisional"/> while it runs,
    /// has live records, or ends after the seal mark.
    /// </summary>
    public JobSummary Summary(Job job, long asOfMs)
    {
        var acc = _sealed.TryGetValue(job.Id, out var s) ? s.Clone() : new JobSummaryAccumulator(job.Id);
        var live = LiveRecords(job);
        acc.Add(live);
        var summary = acc.ToSummary(job, asOfMs);
        var provisional = live.Count > 0 || (job.EndMs ?? long.MaxValue) > SealedThroughMs;
        return provisional ? summary with { Flags = summary.Flags | AttributionFlags.Provisional } : summary;
    }

    /// <summary>
    /// Seals every bucket ending at or before <paramref name="throughMs"/>: its records fold into their jobs' totals and
    /// it leaves the ledger. Returns the number of buckets sealed.
    /// </summary>
    public int Seal(long throughMs)
    {
        var sealedRecords = new Dictionary<string, List<JobIntervalEnergy>>(StringComparer.Ordinal);
        var count = 0;
        List<string>? emptied = null;
        foreach (var (node, buckets) in _nodes)
        {
            while (buckets.Count > 0 && buckets.First() is var (start, a) && a.Remainder.BucketEndMs <= throughMs)
            {
                buckets.Remove(start);
                count++;
                foreach (var r in a.Jobs)
                {
                    (sealedRecords.TryGetValue(r.JobId, out var list) ? list : sealedRecords[r.JobId] = []).Add(r);
                }
            }

            if (buckets.Count == 0)
            {
                (emptied ??= []).Add(node);
            }
        }

        foreach (var (job, records) in sealedRecords)
        {
            (_sealed.TryGetValue(job, out var acc) ? acc : _sealed[job] = new JobSummaryAccumulator(job)).Add(records);
        }

        emptied?.ForEach(n => _nodes.Remove(n));
        SealedThroughMs = Math.Max(SealedThroughMs, throughMs);
        return count;
    }

    /// <summary>The job's sealed totals, or null when none of its buckets is sealed (or they were forgotten).</summary>
    public JobSummaryState? SealedTotals(string jobId) => _sealed.TryGetValue(jobId, out var s) ? s.Export() : null;

    /// <summary>Drops a job's sealed totals (once its final summary is stored and its buckets are sealed).</summary>
    public bool ForgetJob(string jobId) => _sealed.Remove(jobId);

    /// <summary>Everything held, as plain records System.Text.Json round-trips.</summary>
    public LedgerSnapshot Export() => new(
        [.. _nodes.OrderBy(n => n.Key, StringComparer.Ordinal).SelectMany(n => n.Value.Values)],
        [.. _sealed.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Export())],
        SealedThroughMs);
}

/// <summary>A ledger's content: live buckets, sealed per-job totals, and the seal mark.</summary>
/// <param name="Buckets">Live buckets, by node then start.</param>
/// <param name="Sealed">Per-job totals of sealed buckets.</param>
/// <param name="SealedThroughMs">Buckets ending at or before this are sealed.</param>
public sealed record LedgerSnapshot(IReadOnlyList<BucketAttribution> Buckets, IReadOnlyList<JobSummaryState> Sealed, long SealedThroughMs);
