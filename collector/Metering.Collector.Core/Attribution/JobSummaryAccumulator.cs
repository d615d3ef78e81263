using Metering.Collector.Jobs;

namespace Metering.Collector.Attribution;

/// <summary>
/// Running totals of one job's records. Records added in one <see cref="Add"/> call are grouped by bucket start (a
/// multi-node job's power in a bucket is the sum over its nodes), so add every node's record of a bucket in the same
/// call. Exportable (<see cref="Export"/>, <see cref="JobSummaryAccumulator(JobSummaryState)"/>).
/// </summary>
public sealed class JobSummaryAccumulator
{
    private readonly string _jobId;
    private long _it, _idle, _dynamic, _facility, _attributedMs, _records, _estimateRecords, _allocationRecords;
    private double _co2e, _coveredMs;
    private double? _peakFullBucketWatts;
    private AttributionFlags _flags;

    /// <summary>Empty totals for <paramref name="jobId"/>.</summary>
    public JobSummaryAccumulator(string jobId) => _jobId = jobId;

    /// <summary>Totals restored from <paramref name="state"/>.</summary>
    public JobSummaryAccumulator(JobSummaryState state)
    {
        _jobId = state.JobId;
        Merge(state);
    }

    /// <summary>The job.</summary>
    public string JobId => _jobId;

    /// <summary>Adds records of this job; retractions are skipped; another job's record throws.</summary>
    public void Add(IEnumerable<JobIntervalEnergy> records)
    {
        // Per bucket start: the job's energy over its nodes, its longest overlap, and whether it filled the bucket everywhere.
        var buckets = new Dictionary<long, (long It, long MaxOverlap, bool Full, long Width)>();
        foreach (var r in records)
        {
            if (r.IsRetraction)
            {
                continue;
            }

            if (r.JobId != _jobId)
            {
                throw new ArgumentException($"record of job \"{r.JobId}\" added to \"{_jobId}\"'s summary", nameof(records));
            }

            _it += r.ItMillijoules;
            _idle += r.IdleMillijoules;
            _dynamic += r.DynamicMillijoules;
            _facility += r.FacilityMillijoules;
            _co2e += r.Co2eGrams;
            _coveredMs += r.OverlapMs * r.Coverage;
            _records++;
            _estimateRecords += r.Method == AttributionMethod.Estimate ? 1 : 0;
            _allocationRecords += r.Method == AttributionMethod.Allocation ? 1 : 0;
            _flags |= r.Flags;
            var b = buckets.TryGetValue(r.BucketStartMs, out var seen) ? seen : (0, 0, true, r.WidthMs);
            buckets[r.BucketStartMs] = (b.It + r.ItMillijoules, Math.Max(b.MaxOverlap, r.OverlapMs), b.Full && r.OverlapMs == r.WidthMs, b.Width);
        }

        foreach (var b in buckets.Values)
        {
            _attributedMs += b.MaxOverlap;
            if (b.Full)
            {
                _peakFullBucketWatts = Math.Max(_peakFullBucketWatts ?? 0, (double)b.It / b.Width);
            }
        }
    }

    /// <summary>Adds another accumulator's totals of the same job (buckets must not repeat between the two).</summary>
    public void Merge(JobSummaryAccumulator other) => Merge(other.Export());

    /// <summary>The totals, as a plain record for persistence.</summary>
    public JobSummaryState Export() =>
        new(_jobId, _it, _idle, _dynamic, _facility, _co2e, _coveredMs, _attributedMs, _records, _estimateRecords, _allocationRecords, _peakFullBucketWatts, _flags);

    /// <summary>A copy.</summary>
    public JobSummaryAccumulator Clone() => new(Export());

    /// <summary>The summary of <paramref name="job"/> (whose id must be this one's); <paramref name="asOfMs"/> ends a running job.</summary>
    public JobSummary ToSummary(Job job, long asOfMs)
    {
        if (job.Id != _jobId)
        {
            throw new ArgumentException($"summary of \"{_jobId}\" asked for job \"{job.Id}\"", nameof(job));
        }

        var duration = Math.Max(0, (job.EndMs ?? asOfMs) - job.StartMs);
        var nodeTime = (double)duration * job.Allocations.Select(a => a.NodeId).Distinct(StringComparer.Ordinal).Count();
        var mean = _attributedMs > 0 ? (double)_it / _attributedMs : 0;
        AttributionMethod? method = _records == 0 ? null
            : _estimateRecords == _records ? AttributionMethod.Estimate
            : _allocationRecords == _records ? AttributionMethod.Allocation
            : AttributionMethod.Mixed;
        return new(job.Id, job.Project, job.User, job.Model, job.Purpose, job.StartMs, job.EndMs, duration,
            _it, _idle, _dynamic, _facility, _co2e, mean, _peakFullBucketWatts ?? mean, nodeTime > 0 ? Math.Min(1, _coveredMs / nodeTime) : 0, method, _records, _flags);
    }

    private void Merge(JobSummaryState o)
    {
        if (o.JobId != _jobId)
        {
            throw new ArgumentException($"cannot merge job \"{o.JobId}\" into \"{_jobId}\"", nameof(o));
        }

        _it += o.ItMillijoules;
        _idle += o.IdleMillijoules;
        _dynamic += o.DynamicMillijoules;
        _facility += o.FacilityMillijoules;
        _co2e += o.Co2eGrams;
        _coveredMs += o.CoveredMs;
        _attributedMs += o.AttributedMs;
        _records += o.Records;
        _estimateRecords += o.EstimateRecords;
        _allocationRecords += o.AllocationRecords;
        _peakFullBucketWatts = o.PeakFullBucketWatts is { } p ? Math.Max(_peakFullBucketWatts ?? 0, p) : _peakFullBucketWatts;
        _flags |= o.Flags;
    }
}

/// <summary>A job's running totals, as a plain record System.Text.Json round-trips.</summary>
/// <param name="JobId">The job.</param>
/// <param name="ItMillijoules">IT energy, mJ.</param>
/// <param name="IdleMillijoules">Idle part, mJ.</param>
/// <param name="DynamicMillijoules">Dynamic part, mJ.</param>
/// <param name="FacilityMillijoules">Facility energy, mJ.</param>
/// <param name="Co2eGrams">CO2e, g.</param>
/// <param name="CoveredMs">Sum of overlap x coverage, ms.</param>
/// <param name="AttributedMs">Sum over bucket starts of the longest overlap, ms.</param>
/// <param name="Records">Records added.</param>
/// <param name="EstimateRecords">Of which attributed by estimate.</param>
/// <param name="AllocationRecords">Of which attributed by allocation.</param>
/// <param name="PeakFullBucketWatts">Highest power over buckets the job filled, W, or null.</param>
/// <param name="Flags">Union of caveats.</param>
public sealed record JobSummaryState(
    string JobId,
    long ItMillijoules,
    long IdleMillijoules,
    long DynamicMillijoules,
    long FacilityMillijoules,
    double Co2eGrams,
    double CoveredMs,
    long AttributedMs,
    long Records,
    long EstimateRecords,
    long AllocationRecords,
    double? PeakFullBucketWatts,
    AttributionFlags Flags)
{
    /// <summary>No records yet.</summary>
    public static JobSummaryState Empty(string jobId) => new(jobId, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, AttributionFlags.None);
}
