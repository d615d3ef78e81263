namespace Metering.Collector.Attribution;

/// <summary>How a job's dynamic-energy weight was obtained.</summary>
public enum AttributionMethod
{
    /// <summary>From its allocation: GPUs x GPU reference watts + cores x core reference watts.</summary>
    Allocation,

    /// <summary>From software power estimates over all of its time.</summary>
    Estimate,

    /// <summary>Estimates over part of its time, allocation over the rest (or, in a summary, buckets of both kinds).</summary>
    Mixed,
}
