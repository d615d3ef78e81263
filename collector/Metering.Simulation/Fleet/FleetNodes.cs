using Metering.Firmware.Host.Loads;
using Metering.Protocol;
using Metering.Simulation.Physics;
using Metering.Simulation.Workloads;

namespace Metering.Simulation.Fleet;

/// <summary>
/// The nodes <c>metering sim</c> meters (README.md, "The fleet's nodes"), each drawn from a seeded random mix: four
/// GPUs whose work starts and stops in a long cycle and, while on, draws a training-like square wave on each GPU;
/// CPU work on every core in a cycle of its own, with its DRAM traffic; a board, fans and two power supplies on
/// their AC feeds. The same seed and index give the same node.
/// </summary>
public static class FleetNodes
{
    /// <summary>GPUs in every fleet node.</summary>
    public const int GpusPerNode = 4;

    private const long Second = 1_000_000;

    /// <summary>Node id of device <paramref name="index"/>: <c>node0001</c>.</summary>
    public static string NodeId(int index) => $"node{index + 1:D4}";

    /// <summary>The world of <paramref name="devices"/> seeded nodes, with its origin at <paramref name="originUtcMilliseconds"/>.</summary>
    public static World World(int seed, int devices, long originUtcMilliseconds)
    {
        var nodes = Enumerable.Range(0, devices).Select(i => Node(seed, i)).ToList();
        return new World(nodes.Select(n => n.Spec), nodes.SelectMany(n => n.Work), originUtcMilliseconds);
    }

    /// <summary>Node <paramref name="index"/> of <paramref name="seed"/>: its hardware and its two never-ending workloads (GPU work, CPU work).</summary>
    public static (NodeSpec Spec, IReadOnlyList<SimJob> Work) Node(int seed, int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        double Between(double low, double high) => low + (random.NextDouble() * (high - low));
        long Micros(double seconds) => (long)(seconds * Second);

        var id = NodeId(index);
        var gpuIdle = Between(20, 40);
        var share = Between(0.47, 0.53);
        var spec = new NodeSpec
        {
            NodeId = id, Gpus = GpusPerNode, GpuIdleWatts = gpuIdle, Sockets = 2, CoresPerSocket = 32, SocketIdleWatts = Between(20, 40),
            DramIdleWatts = Between(10, 30), BoardWatts = Between(80, 180), Fans = new FanCurve(Between(60, 120), Between(0.3, 0.5), 2600),
            PsuRatedWatts = 1600, PsuCurve = random.Next(2) == 0 ? EfficiencyCurve.Platinum : EfficiencyCurve.Titanium, FeedShares = [share, 1 - share],
        };

        // CPU work on every core: 50-200 W in all, on for 20-60 % of a 300-1800 s cycle, with 5-20 W of DRAM traffic.
        var cpuPeriod = Micros(Between(300, 1800));
        var (cpuOn, cpuPhase) = ((long)(cpuPeriod * Between(0.2, 0.6)), Micros(Between(0, 1800)));
        var cpu = new JobPower([new ConstantLoad(0)], new GatedLoad(new ConstantLoad(Between(50, 200) / spec.Cores), cpuPeriod, cpuOn, cpuPhase),
            new GatedLoad(new ConstantLoad(Between(5, 20)), cpuPeriod, cpuOn, cpuPhase));

        // GPU work on all four GPUs: one gate, each GPU with its own step rhythm (board power 60-120 W low, 250-450 W high).
        var jobPeriod = Micros(Between(120, 600));
        var (jobOn, jobPhase) = ((long)(jobPeriod * Between(0.3, 0.8)), Micros(Between(0, 600)));
        var gpus = Enumerable.Range(0, GpusPerNode).Select(_ => (IStepLoad)new GatedLoad(
            new SquareWaveLoad(Between(60, 120) - gpuIdle, Between(250, 450) - gpuIdle, Micros(Between(0.2, 0.8)), Between(0.4, 0.8), Micros(Between(0, 1))),
            jobPeriod, jobOn, jobPhase)).ToList();
        var gpu = new JobPower(gpus, new ConstantLoad(0), new ConstantLoad(0));

        return (spec, [
            new SimJob(id + "-gpu", id, [.. Enumerable.Range(0, GpusPerNode)], 0, 0, long.MaxValue, gpu),
            new SimJob(id + "-cpu", id, [], spec.Cores, 0, long.MaxValue, cpu),
        ]);
    }

    /// <summary>The config a technician would write for device <paramref name="index"/>'s meter: both feeds (<c>node0001 psu1</c>), then the metered rails (<c>node0001 gpu0 12v</c>).</summary>
    public static ConfigMessage Config(NodeSpec spec, int index, string deviceId, int rails, int windowSeconds) =>
        NodeMeter.Config(spec, deviceId, rails, windowSeconds, channel => channel < spec.Feeds
            ? $"{NodeId(index)} psu{channel + 1}"
            : $"{NodeId(index)} gpu{channel - spec.Feeds} 12v");
}
