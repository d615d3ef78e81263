namespace Metering.Collector.Attribution;

/// <summary>Caveats on an attributed record; a summary carries the union of its records' flags.</summary>
[Flags]
public enum AttributionFlags
{
    /// <summary>Nothing to note.</summary>
    None = 0,

    /// <summary>No idle baseline yet (not configured, too few idle buckets learned): idle 0, everything dynamic.</summary>
    IdleNotLearned = 1,

    /// <summary>No PUE configured for the node's zone or site: facility = IT (PUE 1.0).</summary>
    PueDefault = 2,

    /// <summary>No carbon intensity for the node's zone or site and no default: CO2e 0.</summary>
    CarbonMissing = 4,

    /// <summary>
    /// Part of the bucket lies outside the intensity series: before its first row (the first value held backward) or
    /// after it ended, one period past its last row (the last value held on).
    /// </summary>
    CarbonExtrapolated = 8,

    /// <summary>The bucket's meters covered less than all of it (coverage below 1): less energy than the node drew.</summary>
    PartialCoverage = 16,

    /// <summary>The jobs' allocations exceed the node's resources: idle shares were scaled so they sum to the idle energy.</summary>
    Oversubscribed = 32,

    /// <summary>The node is not in the inventory (any more): no GPUs, cores or configured idle known.</summary>
    UnknownNode = 64,

    /// <summary>
    /// A job's share was cut to the node's sampled peak power over its time in the bucket (rule 8): the rest of the
    /// dynamic energy is unallocated. On the node's remainder when any job was cut.
    /// </summary>
    CappedAtPeak = 256,

    /// <summary>
    /// Summaries only: the job is running, or some of its buckets are still within the attribution retention, where late
    /// readings, job events or estimates may still change its figures. Gone once every bucket is sealed.
    /// </summary>
    Provisional = 128,
}
