using Metering.Collector.Jobs;

namespace Metering.Collector.Attribution;

/// <summary>
/// A job's energy, carbon and how it was attributed, folded from its current <see cref="JobIntervalEnergy"/> records
/// (<see cref="Fold"/>): recomputing from the records after a late correction gives the corrected summary.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Project">Project or account (from the job).</param>
/// <param name="User">User (from the job).</param>
/// <param name="Model">Model (from the job).</param>
/// <param name="Purpose">Purpose (from the job).</param>
/// <param name="StartMs">Job start, ms since the Unix epoch.</param>
/// <param name="EndMs">Job end, or null while running.</param>
/// <param name="DurationMs">End (or the as-of time while running) - start, ms.</param>
/// <param name="ItMillijoules">IT energy, mJ.</param>
/// <param name="IdleMillijoules">Its idle part, mJ.</param>
/// <param name="DynamicMillijoules">Its dynamic part, mJ.</param>
/// <param name="FacilityMillijoules">Facility energy (IT x PUE per record), mJ.</param>
/// <param name="Co2eGrams">CO2e, g.</param>
/// <param name="MeanWatts">IT energy / attributed time (the buckets the job had records in, by their overlap), W.</param>
/// <param name="PeakWatts">Highest bucket mean over buckets the job filled on all its nodes; the mean when it filled none, W.</param>
/// <param name="MeterCoverage">Covered time / job node-time (duration x nodes allocated), 0..1.</param>
/// <param name="Method">Estimate or allocation when every record was, mixed otherwise; null with no records.</param>
/// <param name="Buckets">Node buckets with a record (retractions excluded).</param>
/// <param name="Flags">Union of the records' caveats.</param>
public sealed record JobSummary(
    string JobId,
    string? Project,
    string? User,
    string? Model,
    string? Purpose,
    long StartMs,
    long? EndMs,
    long DurationMs,
    long ItMillijoules,
    long IdleMillijoules,
    long DynamicMillijoules,
    long FacilityMillijoules,
    double Co2eGrams,
    double MeanWatts,
    double PeakWatts,
    double MeterCoverage,
    AttributionMethod? Method,
    long Buckets,
    AttributionFlags Flags)
{
    /// <summary>IT energy, kWh.</summary>
    public double ItKwh => ItMillijoules / 3.6e9;

    /// <summary>Facility energy, kWh.</summary>
    public double FacilityKwh => FacilityMillijoules / 3.6e9;

    /// <summary>CO2e, kg.</summary>
    public double KgCo2e => Co2eGrams / 1000;

    /// <summary>Idle / IT energy, 0..1 (0 with no energy).</summary>
    public double IdleShare => ItMillijoules > 0 ? (double)IdleMillijoules / ItMillijoules : 0;

    /// <summary>Meter coverage as a percentage.</summary>
    public double MeterCoveragePercent => MeterCoverage * 100;

    /// <summary>
    /// Folds <paramref name="records"/> (those of other jobs and retractions are skipped) into the job's summary;
    /// <paramref name="asOfMs"/> ends a running job's duration.
    /// </summary>
    public static JobSummary Fold(Job job, IEnumerable<JobIntervalEnergy> records, long asOfMs)
    {
        var acc = new JobSummaryAccumulator(job.Id);
        acc.Add(records.Where(r => r.JobId == job.Id));
        return acc.ToSummary(job, asOfMs);
    }
}
