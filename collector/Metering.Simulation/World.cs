using Metering.Firmware.Host.Loads;
using Metering.Simulation.Physics;
using Metering.Simulation.Workloads;

namespace Metering.Simulation;

/// <summary>
/// The one simulated world: nodes with physics (<see cref="SimulatedNode"/>), the jobs that run on them, and the truth
/// computed from that physics alone (<see cref="TruthConvention"/>). Its clock counts microseconds from an origin on
/// the UTC timeline, given at construction or once later (<see cref="Anchor"/>: the demo sets it when its meters are
/// ready); until then the nodes draw their idle floor. Meters measure it through <see cref="MeterLoads"/>, software
/// estimators see it through the views in Estimators/; the collector only ever sees what the meters publish.
/// </summary>
public sealed class World
{
    private readonly Dictionary<string, SimulatedNode> _byId;
    private long _origin = long.MinValue;

    /// <summary>The world of <paramref name="nodes"/> running <paramref name="jobs"/>, with its origin at <paramref name="originUtcMilliseconds"/> when given.</summary>
    /// <exception cref="ArgumentException">Two nodes or jobs share an id, a job names a node the world lacks, or a node refuses its jobs.</exception>
    public World(IEnumerable<NodeSpec> nodes, IEnumerable<SimJob> jobs, long? originUtcMilliseconds = null)
    {
        var specs = nodes.ToList();
        Jobs = [.. jobs];
        Require(specs.Select(n => n.NodeId).Distinct(StringComparer.Ordinal).Count() == specs.Count, nameof(nodes), "node ids must be unique");
        Require(Jobs.Select(j => j.Id).Distinct(StringComparer.Ordinal).Count() == Jobs.Count, nameof(jobs), "job ids must be unique");
        var unknown = Jobs.FirstOrDefault(j => specs.All(n => n.NodeId != j.NodeId));
        Require(unknown is null, nameof(jobs), $"job {unknown?.Id} runs on {unknown?.NodeId}, which is not in the world");
        var byNode = Jobs.ToLookup(j => j.NodeId, StringComparer.Ordinal);
        Nodes = [.. specs.Select(s => new SimulatedNode(s, byNode[s.NodeId]))];
        _byId = Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        if (originUtcMilliseconds is { } origin)
        {
            Anchor(origin);
        }
    }

    /// <summary>The nodes, in the order given.</summary>
    public IReadOnlyList<SimulatedNode> Nodes { get; }

    /// <summary>Every job, in the order given.</summary>
    public IReadOnlyList<SimJob> Jobs { get; }

    /// <summary>The origin on the UTC timeline, ms, or null before <see cref="Anchor"/>.</summary>
    public long? OriginUtcMilliseconds => Interlocked.Read(ref _origin) is var o && o != long.MinValue ? o : null;

    /// <summary>The node <paramref name="nodeId"/>.</summary>
    public SimulatedNode Node(string nodeId) =>
        _byId.TryGetValue(nodeId, out var node) ? node : throw new ArgumentException($"no node '{nodeId}' in the world", nameof(nodeId));

    /// <summary>Sets the origin, once. Set it ahead of every meter's clock, so no answer a meter already had changes.</summary>
    /// <exception cref="InvalidOperationException">The origin is already set.</exception>
    public void Anchor(long originUtcMilliseconds)
    {
        if (Interlocked.CompareExchange(ref _origin, originUtcMilliseconds, long.MinValue) != long.MinValue)
        {
            throw new InvalidOperationException("the world already has its origin");
        }
    }

    /// <summary>The world's microsecond at <paramref name="utcMilliseconds"/>.</summary>
    /// <exception cref="InvalidOperationException">No origin yet.</exception>
    public long MicrosecondsAt(long utcMilliseconds) => (utcMilliseconds - Origin) * 1000;

    /// <summary>The UTC instant (ms) of the world's <paramref name="microseconds"/>, rounded down.</summary>
    /// <exception cref="InvalidOperationException">No origin yet.</exception>
    public long UtcMillisecondsAt(long microseconds) => Origin + Math.DivRem(microseconds, 1000) switch { var (q, r) when r < 0 => q - 1, var (q, _) => q };

    /// <summary>
    /// What the meter of node <paramref name="nodeIndex"/> measures, by channel id (its feeds, then the rails of its
    /// first <paramref name="rails"/> GPUs), on a meter clock whose monotonic 0 was <paramref name="clockStartUtcMilliseconds"/>.
    /// </summary>
    public IReadOnlyDictionary<int, ILoadProfile> MeterLoads(int nodeIndex, int rails, long clockStartUtcMilliseconds) =>
        NodeMeter.Loads(Nodes[nodeIndex], rails, () => OriginUtcMilliseconds is { } o ? (clockStartUtcMilliseconds - o) * 1000 : null);

    /// <summary>The truth of node <paramref name="nodeId"/> over [from, to) on the UTC timeline, ms.</summary>
    public NodeTruth Truth(string nodeId, long fromUtcMilliseconds, long toUtcMilliseconds) =>
        TruthConvention.Of(Node(nodeId), MicrosecondsAt(fromUtcMilliseconds), MicrosecondsAt(toUtcMilliseconds));

    /// <summary>Every node's truth over [from, to) on the UTC timeline, ms, by node id.</summary>
    public IReadOnlyDictionary<string, NodeTruth> Truth(long fromUtcMilliseconds, long toUtcMilliseconds) =>
        Nodes.ToDictionary(n => n.Id, n => Truth(n.Id, fromUtcMilliseconds, toUtcMilliseconds), StringComparer.Ordinal);

    private long Origin => OriginUtcMilliseconds ?? throw new InvalidOperationException("the world has no origin yet");

    private static void Require(bool condition, string parameter, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, parameter);
        }
    }
}
