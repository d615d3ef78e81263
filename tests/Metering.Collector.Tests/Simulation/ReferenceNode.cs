using Metering.Firmware.Host.Loads;
using Metering.Simulation.Physics;
using Metering.Simulation.Workloads;

namespace Metering.Collector.Tests.Simulation;

/// <summary>
/// The node of the Simulation README's worked example: <see cref="NodeSpec"/>'s defaults (8 GPUs at 60 W idle, 2
/// sockets of 32 cores at 50 W, DRAM 30 W, board 130 W, fans 300 W at full speed from 40 % at idle, two 3 kW 80 PLUS
/// Titanium supplies sharing the load evenly), with <c>train</c> (GPUs 0-3 at +400 W, 32 cores at +3 W, DRAM +16 W)
/// from 10 s to 70 s and <c>infer</c> (GPUs 4-5 at +80 W, 16 cores at +1 W, DRAM +3 W) from 40 s to 100 s.
/// </summary>
internal static class ReferenceNode
{
    public const long Second = 1_000_000;

    public static SimJob Train { get; } = Job("train", [0, 1, 2, 3], 32, 10, 70, 400, 3, 16);

    public static SimJob Infer { get; } = Job("infer", [4, 5], 16, 40, 100, 80, 1, 3);

    public static NodeSpec Spec { get; } = new() { NodeId = "ref" };

    public static SimulatedNode Create() => new(Spec, [Train, Infer]);

    public static SimJob Job(string id, int[] gpus, int cores, long fromSeconds, long toSeconds, double gpuWatts, double coreWatts, double dramWatts) =>
        new(id, "ref", gpus, cores, fromSeconds * Second, toSeconds * Second, new JobPower([new ConstantLoad(gpuWatts)], new ConstantLoad(coreWatts), new ConstantLoad(dramWatts)));
}
