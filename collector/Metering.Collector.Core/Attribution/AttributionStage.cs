using Metering.Collector.Jobs;
using Metering.Collector.Nodes;

namespace Metering.Collector.Attribution;

/// <summary>
/// The attribution stage as the collector runs it: node buckets in, job records and remainders out, with learned
/// idle baselines, a ledger of retained buckets for late data, and job summaries. Pure: no clock (the caller passes
/// times), no I/O (jobs come from an <see cref="IJobContext"/>). Not thread-safe: one caller.
/// </summary>
public sealed partial class AttributionStage
{
    private readonly Dictionary<string, IdleBaselineLearner> _learners = new(StringComparer.Ordinal);
    private readonly IJobContext _jobs;
    private long _buckets, _reattributed, _tooLate, _unknownNode;

    /// <summary>A stage over <paramref name="inventory"/> reading jobs from <paramref name="jobs"/>.</summary>
    /// <param name="inventory">Nodes (GPUs, cores, idle_w, PUE zone); set <see cref="Inventory"/> when it is reloaded.</param>
    /// <param name="jobs">The job store.</param>
    /// <param name="attributor">Policy, PUE and carbon (default: default policy, no PUE or carbon).</param>
    /// <param name="options">Retention (default 1 h).</param>
    public AttributionStage(Inventory inventory, IJobContext jobs, Attributor? attributor = null, AttributionStageOptions? options = null)
    {
        Inventory = inventory;
        _jobs = jobs;
        Attributor = attributor ?? new Attributor();
        Options = (options ?? AttributionStageOptions.Default).Validate();
    }

    /// <summary>The inventory nodes are looked up in.</summary>
    public Inventory Inventory { get; set; }

    /// <summary>The per-bucket arithmetic.</summary>
    public Attributor Attributor { get; }

    /// <summary>Retention.</summary>
    public AttributionStageOptions Options { get; }

    /// <summary>Current attributions of retained buckets and sealed per-job totals.</summary>
    public AttributionLedger Ledger { get; private set; } = new();

    /// <summary>Counters.</summary>
    public AttributionStats Stats
    {
        get => new(_buckets, _reattributed, _tooLate, _unknownNode);
        private set => (_buckets, _reattributed, _tooLate, _unknownNode) = (value.Buckets, value.Reattributed, value.TooLate, value.UnknownNode);
    }

    /// <summary>
    /// Attributes a node bucket (a first emission or a re-emission with a higher revision: it replaces the earlier one).
    /// Returns what to write.
    /// </summary>
    public AttributionUpdate OnNodeEnergy(NodeEnergy energy)
    {
        _buckets++;
        return Run(energy);
    }

    /// <summary>
    /// Re-attributes the retained buckets of <paramref name="nodeId"/> that overlap [from, to) with the jobs and
    /// estimates the context holds now; returns the changes (unchanged buckets write nothing).
    /// </summary>
    public AttributionUpdate Reattribute(string nodeId, long fromMs, long toMs)
    {
        var updates = new List<AttributionUpdate>();
        foreach (var a in Ledger.Overlapping(nodeId, fromMs, toMs))
        {
            _reattributed++;
            updates.Add(Run(ToNodeEnergy(a.Remainder)));
        }

        return AttributionUpdate.Concat(updates);
    }

    /// <summary>
    /// After a job event the context already reflects (a start, a late end, a corrected allocation): re-attributes
    /// the retained buckets on every node of <paramref name="previous"/> and <paramref name="current"/> over the union
    /// of their times. <paramref name="previous"/> is null for a job not known before.
    /// </summary>
    public AttributionUpdate OnJobChanged(Job? previous, Job current)
    {
        var from = Math.Min(previous?.StartMs ?? current.StartMs, current.StartMs);
        var to = Math.Max(previous is null ? long.MinValue : previous.EndMs ?? long.MaxValue, current.EndMs ?? long.MaxValue);
        if (previous is not null && previous.EndMs != current.EndMs)
        {
            // Only the time between the two ends can change; the rest is the same job.
            from = previous.StartMs == current.StartMs && SameAllocations(previous, current)
                ? Math.Min(previous.EndMs ?? long.MaxValue, current.EndMs ?? long.MaxValue)
                : from;
        }

        var nodes = (previous?.Allocations ?? []).Concat(current.Allocations).Select(a => a.NodeId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return AttributionUpdate.Concat([.. nodes.Select(n => Reattribute(n, from, to))]);
    }

    /// <summary>After an estimate the context already holds arrived late: re-attributes the buckets it covers.</summary>
    public AttributionUpdate OnEstimate(PowerEstimate estimate) => Reattribute(estimate.NodeId, estimate.FromMs, estimate.ToMs);

    /// <summary>Seals buckets that ended <see cref="AttributionStageOptions.RetentionMs"/> or more before <paramref name="nowMs"/>; returns how many.</summary>
    public int Evict(long nowMs) => Ledger.Seal(nowMs - Options.RetentionMs);

    /// <summary>The job's summary from its current records; <paramref name="asOfMs"/> ends a running job's duration.</summary>
    public JobSummary Summary(Job job, long asOfMs) => Ledger.Summary(job, asOfMs);

    /// <summary>The node's idle baseline now: configured <c>idle_w</c> (unless learned-only), else learned, else not learned.</summary>
    public IdleBaseline BaselineFor(Node node)
    {
        if (node.IdleWatts is { } w && Attributor.Policy.BaselineMode == IdleBaselineMode.ConfiguredElseLearned)
        {
            return IdleBaseline.Configured(w * 1000L);
        }

        return _learners.TryGetValue(node.Id, out var l) && l.BaselineMilliwatts is { } mw ? IdleBaseline.Learned(mw) : IdleBaseline.NotLearned;
    }

    /// <summary>The node's learner, or null when it has none (a configured baseline, or no idle bucket seen).</summary>
    public IdleBaselineLearner? LearnerOf(string nodeId) => _learners.GetValueOrDefault(nodeId);

    private AttributionUpdate Run(NodeEnergy energy)
    {
        var node = Inventory.FindNode(energy.NodeId);
        var flags = node is null ? AttributionFlags.UnknownNode : AttributionFlags.None;
        node ??= new Node(energy.NodeId, energy.SiteId, 0, 0, energy.SiteId, []);
        var b1 = energy.BucketStartMs + energy.WidthMs;

        // A bucket never weighs on its own baseline: a re-attributed bucket's idle sample is set aside first (Learn puts it back if it is still idle).
        _learners.GetValueOrDefault(node.Id)?.Forget(energy.BucketStartMs);
        var baseline = BaselineFor(node);
        var attribution = Attributor.Attribute(energy, node, _jobs.JobsOn(node.Id, energy.BucketStartMs, b1), _jobs.EstimatesOn(node.Id, energy.BucketStartMs, b1), baseline, flags,
            FactorsFor(node, energy));
        Learn(node, energy, attribution);
        var update = Ledger.Apply(attribution);
        _tooLate += update.TooLate;
        _unknownNode += flags == AttributionFlags.None ? 0 : 1;
        return update;
    }

    /// <summary>Learns from a fully covered bucket with no job when the node's baseline is learned (a bucket with a job was set aside in Run).</summary>
    private void Learn(Node node, NodeEnergy energy, BucketAttribution attribution)
    {
        if (node.IdleWatts is not null && Attributor.Policy.BaselineMode == IdleBaselineMode.ConfiguredElseLearned)
        {
            return;
        }

        if (attribution.Jobs.Count == 0 && energy.Coverage >= Attributor.Policy.Learning.MinCoverage)
        {
            var learner = _learners.TryGetValue(node.Id, out var l) ? l : _learners[node.Id] = new IdleBaselineLearner(Attributor.Policy.Learning);
            learner.Observe(energy.BucketStartMs, ((energy.EnergyMillijoules * 1000) + (energy.WidthMs / 2)) / energy.WidthMs);
        }
    }

    /// <summary>Allocations equal by value (a job store may rebuild the lists; record equality compares them by reference).</summary>
    private static bool SameAllocations(Job a, Job b) =>
        a.Allocations.Count == b.Allocations.Count
        && a.Allocations.Zip(b.Allocations).All(p => p.First.NodeId == p.Second.NodeId && p.First.CpuCores == p.Second.CpuCores && p.First.GpuIndices.SequenceEqual(p.Second.GpuIndices));

    private static NodeEnergy ToNodeEnergy(NodeIntervalRemainder r) =>
        new(r.SiteId, r.NodeId, r.BucketStartMs, r.WidthMs, r.MeasuredMillijoules, ((r.MeasuredMillijoules * 1000) + (r.WidthMs / 2)) / r.WidthMs,
            r.Coverage, 0, true, r.Revision, []) { PeakMilliwatts = r.PeakMilliwatts };
}
