using Metering.Collector.Carbon;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;

namespace Metering.Collector.Attribution;

/// <summary>
/// Splits one node bucket's measured energy among the jobs that ran in it (README.md "Rules"), in integer millijoules
/// with exact conservation: jobs + idle overhead + unallocated = measured. Pure and thread-safe: the same inputs give
/// the same records.
/// </summary>
public sealed class Attributor
{
    /// <summary>The widest bucket accepted, ms (a day): keeps every weight product far inside 64 bits.</summary>
    public const long MaxWidthMs = 86_400_000;

    /// <summary>An attributor with <paramref name="policy"/> (default <see cref="AttributionPolicy.Default"/>) and PUE/carbon (default none).</summary>
    public Attributor(AttributionPolicy? policy = null, FacilityCarbonModel? facility = null)
    {
        Policy = (policy ?? AttributionPolicy.Default).Validate();
        Facility = facility ?? FacilityCarbonModel.None;
    }

    /// <summary>The rules.</summary>
    public AttributionPolicy Policy { get; }

    /// <summary>PUE and carbon intensity.</summary>
    public FacilityCarbonModel Facility { get; }

    /// <summary>Attributes one node bucket.</summary>
    /// <param name="energy">The node bucket: measured energy (at least 0), width, coverage, revision.</param>
    /// <param name="node">The node (GPUs, cores, PUE zone, reference-watt overrides); its id must be the bucket's.</param>
    /// <param name="jobs">Candidate jobs; those without an allocation on the node or without time in the bucket are skipped. An id may appear once.</param>
    /// <param name="estimates">Power estimates; those of other jobs or nodes, outside the bucket, or not finite in 0..10 MW are skipped.</param>
    /// <param name="baseline">The node's idle baseline for this bucket.</param>
    /// <param name="extraFlags">Flags to add to every record (e.g. <see cref="AttributionFlags.UnknownNode"/>).</param>
    /// <param name="factors">The PUE and carbon intensity to apply; null: the <see cref="Facility"/> model's for the bucket.</param>
    public BucketAttribution Attribute(NodeEnergy energy, Node node, IReadOnlyList<Job> jobs, IReadOnlyList<PowerEstimate> estimates, IdleBaseline baseline,
        AttributionFlags extraFlags = AttributionFlags.None, FacilityFactors? factors = null)
    {
        Check(energy, node);
        long b0 = energy.BucketStartMs, width = energy.WidthMs, b1 = b0 + width, measured = energy.EnergyMillijoules;
        var coverage = double.IsNaN(energy.Coverage) ? 0 : Math.Clamp(energy.Coverage, 0, 1);
        var reference = Policy.ReferenceFor(node);
        var active = ActiveJob.Collect(node, b0, b1, jobs, estimates, reference);

        var idle = baseline.Milliwatts is { } p ? Math.Min(measured, IdleBudget(p, width, coverage)) : 0;
        var dynamic = measured - idle;
        var jobIdle = new long[active.Count];
        long overhead = 0, unallocated = 0;
        var oversubscribed = false;
        if (active.Count == 0)
        {
            overhead = Policy.IdlePolicy == IdlePolicy.Overhead ? idle : 0;
            unallocated = measured - overhead;   // shared: all of it; overhead: the dynamic energy no job takes
        }
        else if (Policy.IdlePolicy == IdlePolicy.Overhead)
        {
            overhead = idle;
        }
        else
        {
            (jobIdle, unallocated, oversubscribed) = SharedIdle(idle, width, reference.Milliwatts(node.Gpus, node.CpuCores), active);
        }

        var jobDynamic = active.Count == 0 ? [] : SplitDynamic(dynamic, active);
        var capped = energy.PeakMilliwatts is { } peak && CapAtPeak(peak, active, jobIdle, jobDynamic);
        if (capped)
        {
            unallocated += dynamic - jobDynamic.Sum();   // what the caps held back: no job drew it as far as the meters can tell
        }

        var f = factors ?? Facility.For(node.PueZone, energy.SiteId, b0, b1);
        var flags = extraFlags | Flags(baseline, f, coverage, oversubscribed) | (capped ? AttributionFlags.CappedAtPeak : 0);
        var records = new JobIntervalEnergy[active.Count];
        for (var i = 0; i < active.Count; i++)
        {
            var a = active[i];
            var it = jobIdle[i] + jobDynamic[i];
            var facility = f.FacilityMillijoules(it);
            records[i] = new(a.Id, energy.SiteId, node.Id, b0, width, a.OverlapMs, a.EstimatedMs, it, jobIdle[i], jobDynamic[i],
                MethodOf(a), coverage, energy.Revision, facility, f.Co2eGrams(facility), flags);
        }

        var rest = f.FacilityMillijoules(overhead + unallocated);
        var remainder = new NodeIntervalRemainder(energy.SiteId, node.Id, b0, width, measured, coverage, energy.Revision, idle, dynamic,
            records.Sum(r => r.ItMillijoules), overhead, unallocated, Policy.IdlePolicy, baseline.Milliwatts, baseline.Source, records.Length,
            f.Pue.Pue, f.Carbon.GramsPerKwh, rest, f.Co2eGrams(rest), flags) { PeakMilliwatts = energy.PeakMilliwatts };
        return new(remainder, records);
    }

    /// <summary>Idle energy budget: baseline x width x coverage, mJ, rounded (mW x ms = uJ).</summary>
    internal static long IdleBudget(long baselineMilliwatts, long widthMs, double coverage) =>
        (long)Math.Round(checked(baselineMilliwatts * widthMs) * coverage / 1000.0, MidpointRounding.AwayFromZero);

    private static AttributionMethod MethodOf(ActiveJob a) =>
        a.EstimatedMs == a.OverlapMs ? AttributionMethod.Estimate
        : a.EstimatedMs == 0 ? AttributionMethod.Allocation
        : AttributionMethod.Mixed;

    /// <summary>
    /// Idle by resource share x time: job j's weight is r_j x overlap_j against the node's capacity x width; the
    /// unallocated slot takes the rest. Capacity is the node's resources at reference watts, raised to the jobs' sum
    /// when they exceed it (flagged oversubscribed when the node has resources); with no resources anywhere, every job counts as 1.
    /// </summary>
    private static (long[] JobIdle, long Unallocated, bool Oversubscribed) SharedIdle(long idle, long width, long capacity, List<ActiveJob> active)
    {
        var resources = active.Select(a => a.ResourceMilliwatts).ToArray();
        var sum = resources.Sum();
        var oversubscribed = capacity > 0 && sum > capacity;
        if (sum == 0 && capacity == 0)
        {
            Array.Fill(resources, 1L);
            sum = resources.Length;
        }

        var total = checked(Math.Max(capacity, sum) * width);
        var weights = new long[active.Count + 1];
        for (var i = 0; i < active.Count; i++)
        {
            weights[i] = checked(resources[i] * active[i].OverlapMs);
        }

        weights[^1] = total - weights[..^1].Sum();
        var shares = Apportion.LargestRemainder(idle, weights);
        return (shares[..^1], shares[^1], oversubscribed);
    }

    /// <summary>
    /// Rule 8: no job is charged more than the node's peak power (<see cref="NodeEnergy.PeakMilliwatts"/>, what its
    /// meters sampled) over its own time in the bucket: a job whose idle + dynamic share exceeds peak x overlap keeps
    /// only what fits; the rest is unallocated, not given to another job. True when some share was cut.
    /// </summary>
    private static bool CapAtPeak(long peakMilliwatts, List<ActiveJob> active, long[] jobIdle, long[] jobDynamic)
    {
        var cut = false;
        for (var i = 0; i < active.Count; i++)
        {
            var most = (long)((Int128)peakMilliwatts * active[i].OverlapMs / 1000);   // mW x ms = uJ; / 1000 = mJ
            var allowed = Math.Max(0, most - jobIdle[i]);
            if (jobDynamic[i] > allowed)
            {
                jobDynamic[i] = allowed;
                cut = true;
            }
        }

        return cut;
    }

    /// <summary>Dynamic by weight x time; when every weight is 0 (no resources, 0 W estimates), by time alone.</summary>
    private static long[] SplitDynamic(long dynamic, List<ActiveJob> active)
    {
        var weights = active.Select(a => a.DynamicWeight).ToArray();
        return Apportion.LargestRemainder(dynamic, weights.Sum() > 0 ? weights : [.. active.Select(a => a.OverlapMs)]);
    }

    private static AttributionFlags Flags(IdleBaseline baseline, FacilityFactors factors, double coverage, bool oversubscribed) =>
        (baseline.Milliwatts is null ? AttributionFlags.IdleNotLearned : 0)
        | (factors.Pue.Source == PueSource.Default ? AttributionFlags.PueDefault : 0)
        | (factors.Carbon.Source == CarbonSource.None ? AttributionFlags.CarbonMissing : 0)
        | (factors.Carbon.Extrapolated ? AttributionFlags.CarbonExtrapolated : 0)
        | (coverage < 1 ? AttributionFlags.PartialCoverage : 0)
        | (oversubscribed ? AttributionFlags.Oversubscribed : 0);

    private static void Check(NodeEnergy energy, Node node)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(node);
        if (energy.NodeId != node.Id)
        {
            throw new ArgumentException($"the bucket is node \"{energy.NodeId}\"'s, not \"{node.Id}\"'s", nameof(node));
        }

        if (energy.WidthMs is <= 0 or > MaxWidthMs)
        {
            throw new ArgumentOutOfRangeException(nameof(energy), energy.WidthMs, $"bucket width must lie in 1..{MaxWidthMs} ms");
        }

        if (energy.EnergyMillijoules < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(energy), energy.EnergyMillijoules, "measured energy must not be negative (counters never go backwards)");
        }
    }
}
