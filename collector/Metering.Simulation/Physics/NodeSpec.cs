namespace Metering.Simulation.Physics;

/// <summary>
/// The hardware of a simulated node: what each part draws idle and how the power supplies convert it. Jobs add
/// dynamic power on top (<see cref="Workloads.JobPower"/>); <see cref="SimulatedNode"/> computes the rest.
/// </summary>
public sealed record NodeSpec
{
    /// <summary>Node id (<c>demo-gpu-01</c>).</summary>
    public required string NodeId { get; init; }

    /// <summary>GPUs, indexed from 0.</summary>
    public int Gpus { get; init; } = 8;

    /// <summary>Board power of an idle GPU (what its 12 V rail carries and NVML reports), W.</summary>
    public double GpuIdleWatts { get; init; } = 60;

    /// <summary>CPU sockets.</summary>
    public int Sockets { get; init; } = 2;

    /// <summary>Cores per socket.</summary>
    public int CoresPerSocket { get; init; } = 32;

    /// <summary>Package power of an idle socket, W.</summary>
    public double SocketIdleWatts { get; init; } = 50;

    /// <summary>DRAM power with no job, W.</summary>
    public double DramIdleWatts { get; init; } = 30;

    /// <summary>Everything else on the DC side that never changes: motherboard, NICs, drives, BMC, W.</summary>
    public double BoardWatts { get; init; } = 130;

    /// <summary>The fans.</summary>
    public FanCurve Fans { get; init; } = new(300, 0.4, 5000);

    /// <summary>Rated DC output of each power supply, W.</summary>
    public double PsuRatedWatts { get; init; } = 3000;

    /// <summary>Efficiency of each power supply against its load.</summary>
    public EfficiencyCurve PsuCurve { get; init; } = EfficiencyCurve.Titanium;

    /// <summary>Share of the node's DC load each power supply carries, one per supply and AC feed; they sum to 1.</summary>
    public IReadOnlyList<double> FeedShares { get; init; } = [0.5, 0.5];

    /// <summary>CPU cores of the node.</summary>
    public int Cores => Sockets * CoresPerSocket;

    /// <summary>Power supplies, one AC feed each.</summary>
    public int Feeds => FeedShares.Count;

    /// <summary>Checks the spec; throws naming the property that is wrong.</summary>
    /// <exception cref="ArgumentException">A count or power out of range, or feed shares that do not sum to 1.</exception>
    public NodeSpec Validate()
    {
        Require(!string.IsNullOrWhiteSpace(NodeId), nameof(NodeId), "must name the node");
        Require(Gpus >= 0, nameof(Gpus), "must not be negative");
        Require(Sockets >= 1 && CoresPerSocket >= 1, nameof(Sockets), "a node has at least one socket with one core");
        Require(GpuIdleWatts >= 0 && SocketIdleWatts >= 0 && DramIdleWatts >= 0 && BoardWatts >= 0, nameof(GpuIdleWatts), "idle powers must not be negative");
        Require(Fans.MaxWatts >= 0 && Fans.MinSpeed is >= 0 and <= 1, nameof(Fans), "fan power must not be negative and the idle speed must be 0..1");
        Require(Fans.FullSpeedHeatWatts > IdleHeatWatts, nameof(Fans), $"must reach full speed above the idle heat ({IdleHeatWatts} W)");
        Require(PsuRatedWatts > 0, nameof(PsuRatedWatts), "must be positive");
        Require(FeedShares.Count >= 1 && FeedShares.All(s => s > 0) && Math.Abs(FeedShares.Sum() - 1) < 1e-9, nameof(FeedShares), "must be positive and sum to 1");
        return this;
    }

    /// <summary>DC power of every part but the fans with no job running, W.</summary>
    public double IdleHeatWatts => (Gpus * GpuIdleWatts) + (Sockets * SocketIdleWatts) + DramIdleWatts + BoardWatts;

    private static void Require(bool condition, string property, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{property} {message}", property);
        }
    }
}
