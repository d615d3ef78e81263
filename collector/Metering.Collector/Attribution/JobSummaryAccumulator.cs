using Metering.Collector.Jobs;

namespace Metering.Collector.Attribution;

/// <summary>
/// Running totals of one job's records. Records added in one <see cref="Add"/> call are grouped by bucket start (a
/// multi-node job's power in a bucket is the sum over its nodes), so add every node's record of a bucket in the same
/// call. Exportable (<see cref="Export"/>, <see cref="JobSummaryAccumulator(JobSummaryState)"/>).
/// </summary>
public sealed class JobSummaryAccumulator
{
    private JobSummaryState _s;

    /// <summary>Empty totals for <paramref name="jobId"/>.</summary>
    public JobSummaryAccumulator(string jobId) => _s = JobSummaryState.Empty(jobId);

    /// <summary>Totals restored from <paramref name="state"/>.</summary>
    public JobSummaryAccumulator(JobSummaryState state) => _s = state;

    /// <summary>The job.</summary>
    public string JobId => _s.JobId;

    /// <summary>Adds records of this job; retractions are skipped; another job's record throws.</summary>
    public void Add(IEnumerable<JobIntervalEnergy> records)
    {
        foreach (var bucket in records.Where(r => !r.IsRetraction).GroupBy(r => r.BucketStartMs))
        {
            long it = 0, maxOverlap = 0;
            var full = true;
            foreach (var r in bucket)
            {
                if (r.JobId != _s.JobId)
                {
                    throw new ArgumentException($"record of job \"{r.JobId}\" added to \"{_s.JobId}\"'s summary", nameof(records));
                }

                it += r.ItMillijoules;
                maxOverlap = Math.Max(maxOverlap, r.OverlapMs);
                full &= r.OverlapMs == r.WidthMs;
                _s = _s with
                {
                    ItMillijoules = _s.ItMillijoules + r.ItMillijoules,
                    IdleMillijoules = _s.IdleMillijoules + r.IdleMillijoules,
                    DynamicMillijoules = _s.DynamicMillijoules + r.DynamicMillijoules,
                    FacilityMillijoules = _s.FacilityMillijoules + r.FacilityMillijoules,
                    Co2eGrams = _s.Co2eGrams + r.Co2eGrams,
                    CoveredMs = _s.CoveredMs + (r.OverlapMs * r.Coverage),
                    Records = _s.Records + 1,
                    EstimateRecords = _s.EstimateRecords + (r.Method == AttributionMethod.Estimate ? 1 : 0),
                    AllocationRecords = _s.AllocationRecords + (r.Method == AttributionMethod.Allocation ? 1 : 0),
                    Flags = _s.Flags | r.Flags,
                };
            }

            var width = bucket.First().WidthMs;
            _s = _s with
            {
                AttributedMs = _s.AttributedMs + maxOverlap,
                PeakFullBucketWatts = full ? Math.Max(_s.PeakFullBucketWatts ?? 0, (double)it / width) : _s.PeakFullBucketWatts,
            };
        }
    }

    /// <summary>Adds another accumulator's totals of the same job (buckets must not repeat between the two).</summary>
    public void Merge(JobSummaryAccumulator other)
    {
        var o = other._s;
        if (o.JobId != _s.JobId)
        {
            throw new ArgumentException($"cannot merge job \"{o.JobId}\" into \"{_s.JobId}\"", nameof(other));
        }

        _s = _s with
        {
            ItMillijoules = _s.ItMillijoules + o.ItMillijoules,
            IdleMillijoules = _s.IdleMillijoules + o.IdleMillijoules,
            DynamicMillijoules = _s.DynamicMillijoules + o.DynamicMillijoules,
            FacilityMillijoules = _s.FacilityMillijoules + o.FacilityMillijoules,
            Co2eGrams = _s.Co2eGrams + o.Co2eGrams,
            CoveredMs = _s.CoveredMs + o.CoveredMs,
            AttributedMs = _s.AttributedMs + o.AttributedMs,
            Records = _s.Records + o.Records,
            EstimateRecords = _s.EstimateRecords + o.EstimateRecords,
            AllocationRecords = _s.AllocationRecords + o.AllocationRecords,
            PeakFullBucketWatts = o.PeakFullBucketWatts is { } p ? Math.Max(_s.PeakFullBucketWatts ?? 0, p) : _s.PeakFullBucketWatts,
            Flags = _s.Flags | o.Flags,
        };
    }

    /// <summary>The totals, as a plain record for persistence.</summary>
    public JobSummaryState Export() => _s;

    /// <summary>A copy.</summary>
    public JobSummaryAccumulator Clone() => new(_s);

    /// <summary>The summary of <paramref name="job"/> (whose id must be this one's); <paramref name="asOfMs"/> ends a running job.</summary>
    public JobSummary ToSummary(Job job, long asOfMs)
    {
        if (job.Id != _s.JobId)
        {
            throw new ArgumentException($"summary of \"{_s.JobId}\" asked for job \"{job.Id}\"", nameof(job));
        }

        var duration = Math.Max(0, (job.EndMs ?? asOfMs) - job.StartMs);
        var nodeTime = (double)duration * job.Allocations.Select(a => a.NodeId).Distinct(StringComparer.Ordinal).Count();
        var mean = _s.AttributedMs > 0 ? (double)_s.ItMillijoules / _s.AttributedMs : 0;
        AttributionMethod? method = _s.Records == 0 ? null
            : _s.EstimateRecords == _s.Records ? AttributionMethod.Estimate
            : _s.AllocationRecords == _s.Records ? AttributionMethod.Allocation
            : AttributionMethod.Mixed;
        return new(job.Id, job.Project, job.User, job.Model, job.Purpose, job.StartMs, job.EndMs, duration,
            _s.ItMillijoules, _s.IdleMillijoules, _s.DynamicMillijoules, _s.FacilityMillijoules, _s.Co2eGrams,
            mean, _s.PeakFullBucketWatts ?? mean, nodeTime > 0 ? Math.Min(1, _s.CoveredMs / nodeTime) : 0, method, _s.Records, _s.Flags);
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
