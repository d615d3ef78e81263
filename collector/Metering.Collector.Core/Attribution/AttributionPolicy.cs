using Metering.Collector.Nodes;

namespace Metering.Collector.Attribution;

/// <summary>The rules attribution follows: idle policy, reference watts, idle baseline source and learning.</summary>
public sealed record AttributionPolicy
{
    /// <summary>Shared idle, 300 W per GPU and 10 W per core, configured idle else learned (5th percentile).</summary>
    public static AttributionPolicy Default { get; } = new();

    /// <summary>Who carries idle energy (default <see cref="IdlePolicy.Shared"/>).</summary>
    public IdlePolicy IdlePolicy { get; init; } = IdlePolicy.Shared;

    /// <summary>Reference watts for nodes with no override (default 300 W per GPU, 10 W per core).</summary>
    public ReferenceWatts Reference { get; init; } = ReferenceWatts.Default;

    /// <summary>The node label whose value names a node type (default <c>model</c>, e.g. "HGX H100 8-GPU").</summary>
    public string NodeTypeLabel { get; init; } = "model";

    /// <summary>Reference watts by node type (the value of <see cref="NodeTypeLabel"/>).</summary>
    public IReadOnlyDictionary<string, ReferenceWatts> ReferenceByNodeType { get; init; } = new Dictionary<string, ReferenceWatts>();

    /// <summary>Reference watts by node id; wins over the node type.</summary>
    public IReadOnlyDictionary<string, ReferenceWatts> ReferenceByNode { get; init; } = new Dictionary<string, ReferenceWatts>();

    /// <summary>Configured <c>idle_w</c> else learned (default), or learned only.</summary>
    public IdleBaselineMode BaselineMode { get; init; } = IdleBaselineMode.ConfiguredElseLearned;

    /// <summary>How baselines are learned.</summary>
    public IdleLearningOptions Learning { get; init; } = new();

    /// <summary>The reference watts for <paramref name="node"/>: by node id, else by node type, else <see cref="Reference"/>.</summary>
    public ReferenceWatts ReferenceFor(Node node) =>
        ReferenceByNode.TryGetValue(node.Id, out var byNode) ? byNode
        : node.Labels.TryGetValue(NodeTypeLabel, out var type) && ReferenceByNodeType.TryGetValue(type, out var byType) ? byType
        : Reference;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public AttributionPolicy Validate()
    {
        Reference.Validate(nameof(Reference));
        foreach (var (type, watts) in ReferenceByNodeType)
        {
            watts.Validate($"{nameof(ReferenceByNodeType)}[{type}]");
        }

        foreach (var (node, watts) in ReferenceByNode)
        {
            watts.Validate($"{nameof(ReferenceByNode)}[{node}]");
        }

        Learning.Validate();
        return this;
    }
}
