using System.Text.Json.Serialization;

namespace Metering.Collector.Attribution;

/// <summary>
/// What one node bucket measured and where every millijoule went besides jobs. Keyed by (<see cref="NodeId"/>,
/// <see cref="BucketStartMs"/>). Conservation, exact in integers: jobs + <see cref="IdleOverheadMillijoules"/> +
/// <see cref="UnallocatedMillijoules"/> = <see cref="MeasuredMillijoules"/>, so <see cref="ConservationRemainderMillijoules"/> is 0.
/// </summary>
/// <param name="SiteId">The node's site.</param>
/// <param name="NodeId">The node.</param>
/// <param name="BucketStartMs">Bucket start, ms since the Unix epoch.</param>
/// <param name="WidthMs">Bucket width, ms.</param>
/// <param name="MeasuredMillijoules">The node's measured (wall) energy, mJ.</param>
/// <param name="Coverage">The bucket's meter coverage, 0..1.</param>
/// <param name="Revision">The node bucket's revision.</param>
/// <param name="IdleMillijoules">Idle energy: min(measured, baseline x width x coverage), mJ.</param>
/// <param name="DynamicMillijoules">Measured - idle, mJ.</param>
/// <param name="JobsMillijoules">Sum of the jobs' IT energy, mJ.</param>
/// <param name="IdleOverheadMillijoules">Idle kept by the node under <see cref="IdlePolicy.Overhead"/>, mJ.</param>
/// <param name="UnallocatedMillijoules">Idle of unallocated resources (shared policy) plus dynamic energy with no job to take it, mJ.</param>
/// <param name="IdlePolicy">The idle policy applied.</param>
/// <param name="BaselineMilliwatts">The idle baseline used, mW, or null.</param>
/// <param name="BaselineSource">Where the baseline came from.</param>
/// <param name="Jobs">Jobs attributed in the bucket.</param>
/// <param name="Pue">The PUE applied.</param>
/// <param name="GramsPerKwh">The mean carbon intensity over the bucket, gCO2e/kWh.</param>
/// <param name="FacilityMillijoules">(Overhead + unallocated) x PUE, mJ.</param>
/// <param name="Co2eGrams">Their CO2e, g.</param>
/// <param name="Flags">Caveats.</param>
public sealed record NodeIntervalRemainder(
    string SiteId,
    string NodeId,
    long BucketStartMs,
    long WidthMs,
    long MeasuredMillijoules,
    double Coverage,
    int Revision,
    long IdleMillijoules,
    long DynamicMillijoules,
    long JobsMillijoules,
    long IdleOverheadMillijoules,
    long UnallocatedMillijoules,
    IdlePolicy IdlePolicy,
    long? BaselineMilliwatts,
    IdleBaselineSource BaselineSource,
    int Jobs,
    double Pue,
    double GramsPerKwh,
    long FacilityMillijoules,
    double Co2eGrams,
    AttributionFlags Flags)
{
    /// <summary>The bucket's <see cref="Nodes.NodeEnergy.PeakMilliwatts"/> (kept so a re-attribution applies the same caps), mW; null when unknown.</summary>
    public long? PeakMilliwatts { get; init; }

    /// <summary>The bucket's end, ms since the Unix epoch.</summary>
    [JsonIgnore]
    public long BucketEndMs => BucketStartMs + WidthMs;

    /// <summary>Measured - jobs - overhead - unallocated, mJ: 0 by construction; reports show it (ARCHITECTURE.md, invariant 2).</summary>
    public long ConservationRemainderMillijoules => MeasuredMillijoules - JobsMillijoules - IdleOverheadMillijoules - UnallocatedMillijoules;
}
