using System.Text.Json.Serialization;

namespace Metering.Collector.Attribution;

/// <summary>
/// A job's share of one node bucket. Keyed by (<see cref="JobId"/>, <see cref="NodeId"/>, <see cref="BucketStartMs"/>):
/// re-attributing the bucket gives the same key with new values, and a job that no longer overlaps the bucket gets a
/// retraction (the same key, zero energy, <see cref="OverlapMs"/> 0), so a store that overwrites by key is always current.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="SiteId">The node's site.</param>
/// <param name="NodeId">The node.</param>
/// <param name="BucketStartMs">Bucket start, ms since the Unix epoch.</param>
/// <param name="WidthMs">Bucket width, ms.</param>
/// <param name="OverlapMs">Time the job ran inside the bucket, ms (0 in a retraction).</param>
/// <param name="EstimatedMs">Part of <paramref name="OverlapMs"/> covered by power estimates, ms.</param>
/// <param name="ItMillijoules">IT energy: <paramref name="IdleMillijoules"/> + <paramref name="DynamicMillijoules"/>, mJ.</param>
/// <param name="IdleMillijoules">The job's share of the node's idle energy, mJ (0 under <see cref="IdlePolicy.Overhead"/>).</param>
/// <param name="DynamicMillijoules">The job's share of the node's dynamic energy, mJ.</param>
/// <param name="Method">How its dynamic weight was obtained.</param>
/// <param name="Coverage">The node bucket's meter coverage, 0..1.</param>
/// <param name="Revision">The node bucket's revision this was computed from.</param>
/// <param name="FacilityMillijoules">IT energy x PUE, mJ.</param>
/// <param name="Co2eGrams">Facility energy x carbon intensity, gCO2e.</param>
/// <param name="Flags">Caveats.</param>
public sealed record JobIntervalEnergy(
    string JobId,
    string SiteId,
    string NodeId,
    long BucketStartMs,
    long WidthMs,
    long OverlapMs,
    long EstimatedMs,
    long ItMillijoules,
    long IdleMillijoules,
    long DynamicMillijoules,
    AttributionMethod Method,
    double Coverage,
    int Revision,
    long FacilityMillijoules,
    double Co2eGrams,
    AttributionFlags Flags)
{
    /// <summary>The key a store overwrites by.</summary>
    [JsonIgnore]
    public (string JobId, string NodeId, long BucketStartMs) Key => (JobId, NodeId, BucketStartMs);

    /// <summary>True for a retraction: the job no longer overlaps the bucket.</summary>
    [JsonIgnore]
    public bool IsRetraction => OverlapMs == 0;

    /// <summary>The zero-valued record that replaces this one when its job no longer overlaps the bucket.</summary>
    public JobIntervalEnergy Retraction(int revision) =>
        this with
        {
            OverlapMs = 0,
            EstimatedMs = 0,
            ItMillijoules = 0,
            IdleMillijoules = 0,
            DynamicMillijoules = 0,
            Method = AttributionMethod.Allocation,
            Revision = revision,
            FacilityMillijoules = 0,
            Co2eGrams = 0,
            Flags = AttributionFlags.None,
        };
}
