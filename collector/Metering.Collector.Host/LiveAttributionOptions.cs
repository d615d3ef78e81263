namespace Metering.Collector.Host;

/// <summary>How <see cref="LiveAttribution"/> runs beside the stage's own options.</summary>
public sealed record LiveAttributionOptions
{
    /// <summary>Node bucket width, ms (a job's buckets are all sealed once its end + this is sealed).</summary>
    public long BucketWidthMs { get; init; } = 10_000;

    /// <summary>
    /// A job's summary and its day's rollups stay open this long after the job's end (and its buckets' sealing), so
    /// a late label or state correction still rewrites them; then the job is pruned and its summary is final, ms.
    /// </summary>
    public long SummaryGraceMs { get; init; } = 86_400_000;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public LiveAttributionOptions Validate() =>
        BucketWidthMs <= 0 ? throw new ArgumentOutOfRangeException(nameof(BucketWidthMs), BucketWidthMs, "must be positive")
        : SummaryGraceMs < 0 ? throw new ArgumentOutOfRangeException(nameof(SummaryGraceMs), SummaryGraceMs, "must not be negative")
        : this;
}
