using Metering.Collector.Jobs;

namespace Metering.Collector.Attribution;

/// <summary>Persistence of an <see cref="AttributionStage"/>.</summary>
public sealed partial class AttributionStage
{
    /// <summary>Learned baselines, the ledger and the counters, as plain records System.Text.Json round-trips.</summary>
    public AttributionSnapshot Export() => new(
        [.. _learners.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value.Export(l.Key))],
        Ledger.Export(),
        Stats);

    /// <summary>Restores a stage from <paramref name="snapshot"/> (see the constructor for the other parameters).</summary>
    public static AttributionStage Import(AttributionSnapshot snapshot, Nodes.Inventory inventory, IJobContext jobs, Attributor? attributor = null, AttributionStageOptions? options = null)
    {
        var stage = new AttributionStage(inventory, jobs, attributor, options);
        foreach (var b in snapshot.Baselines)
        {
            stage._learners[b.NodeId] = new IdleBaselineLearner(stage.Attributor.Policy.Learning, b);
        }

        stage.Ledger = new AttributionLedger(snapshot.Ledger);
        stage.Stats = snapshot.Stats;
        return stage;
    }
}

/// <summary>Everything an <see cref="AttributionStage"/> holds.</summary>
/// <param name="Baselines">Learned idle samples per node.</param>
/// <param name="Ledger">Retained buckets and sealed job totals.</param>
/// <param name="Stats">Counters.</param>
public sealed record AttributionSnapshot(IReadOnlyList<IdleBaselineState> Baselines, LedgerSnapshot Ledger, AttributionStats Stats);

/// <summary>Counters of an <see cref="AttributionStage"/>.</summary>
/// <param name="Buckets">Node buckets received (first emissions and re-emissions).</param>
/// <param name="Reattributed">Buckets re-attributed after a job event or estimate.</param>
/// <param name="TooLate">Buckets attributed after they were sealed (written, not re-summarized).</param>
/// <param name="UnknownNode">Buckets of nodes not in the inventory.</param>
public sealed record AttributionStats(long Buckets, long Reattributed, long TooLate, long UnknownNode)
{
    /// <summary>All zero.</summary>
    public static AttributionStats Zero { get; } = new(0, 0, 0, 0);
}

/// <summary>How long an <see cref="AttributionStage"/> keeps buckets for re-attribution.</summary>
public sealed record AttributionStageOptions
{
    /// <summary>1 h retention.</summary>
    public static AttributionStageOptions Default { get; } = new();

    /// <summary>
    /// A bucket stays re-attributable this long after its end, ms (default 1 h, as node-energy retention: a re-emitted
    /// bucket then always finds its predecessor). Memory grows with nodes x retention / width.
    /// </summary>
    public long RetentionMs { get; init; } = 3_600_000;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public AttributionStageOptions Validate() =>
        RetentionMs < 0 ? throw new ArgumentOutOfRangeException(nameof(RetentionMs), RetentionMs, "must not be negative") : this;
}
