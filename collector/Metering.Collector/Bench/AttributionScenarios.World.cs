using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;
using Metering.Simulation;
using Metering.Simulation.Physics;
using Metering.Simulation.Workloads;

namespace Metering.Collector.Bench;

/// <summary>
/// A scenario's world and what the collector gets from it: the inventory (no <c>idle_w</c>: the stage learns each
/// node's idle baseline in the lead-in), exact meters (each bucket's wall energy, rounded to the mJ), the jobs, and
/// per-second estimates from the estimator passed in (<see cref="NvmlEstimates.H100"/> by default). The truth is the
/// world's (<see cref="TruthConvention"/>); nothing here computes one or hands one to the collector.
/// </summary>
public static partial class AttributionScenarios
{
    /// <summary>Jobs may start from here (2025-02-19T21:20:00Z, a multiple of the bucket width): the end of the lead-in.</summary>
    internal const long T0 = 1_740_000_000_000;

    /// <summary>Bucket width, ms.</summary>
    internal const long WidthMs = 10_000;

    /// <summary>
    /// The idle lead-in before <see cref="T0"/>, ms: every node idle for the learner's minimum of idle buckets
    /// (<see cref="IdleLearningOptions.MinSamples"/> of the default policy) + 2, so the baseline is learned before any job.
    /// </summary>
    internal static long LeadMs => (AttributionPolicy.Default.Learning.MinSamples + 2) * WidthMs;

    /// <summary>The world's origin and the first bucket's start: <see cref="T0"/> - <see cref="LeadMs"/>.</summary>
    internal static long Origin => T0 - LeadMs;

    /// <summary>A scenario node: the world's 8-GPU, 64-core node (<see cref="NodeSpec"/>'s defaults) on two 4 kW Titanium supplies.</summary>
    internal static NodeSpec BenchNode(string id) => new() { NodeId = id, PsuRatedWatts = 4000 };

    /// <summary>A job of <paramref name="gpus"/> whose GPUs draw per second <paramref name="gpuWatts"/> +/- <paramref name="swing"/> each, over [start, end), UTC ms.</summary>
    internal static SimJob Job(Random rng, string id, string nodeId, int[] gpus, long startMs, long endMs, double gpuWatts, double swing, double coreWatts, double dramWattsPerGpu) =>
        new(id, nodeId, gpus, gpus.Length * 8, (startMs - Origin) * 1000, (endMs - Origin) * 1000,
            JobPower.PerSecond(rng, (startMs - Origin) * 1000, (endMs - startMs) * 1000, gpuWatts, swing, coreWatts, gpus.Length * dramWattsPerGpu));

    /// <summary>A scenario: the world, anchored at <see cref="Origin"/>, over [Origin, T0 + horizon): the lead-in, then the jobs' horizon.</summary>
    internal sealed record Scenario(World World, long HorizonMs)
    {
        /// <summary>The end of the scenario, UTC ms.</summary>
        public long EndMs => T0 + HorizonMs;

        /// <summary>The world's truth over the scenario, by job id.</summary>
        public IReadOnlyDictionary<string, JobTruth> Truth() =>
            World.Truth(Origin, EndMs).Values.SelectMany(n => n.Jobs.Values).ToDictionary(j => j.JobId, StringComparer.Ordinal);

        /// <summary>The inventory: one wall feed per node and no <c>idle_w</c>, so the stage learns the baseline.</summary>
        public Inventory Inventory() => global::Metering.Collector.Nodes.Inventory.Create(
            [new Site("bench")],
            [.. World.Nodes.Select(n => new Node(n.Id, "bench", n.Spec.Gpus, n.Spec.Cores, "bench", [new Feed("psu1", FeedRole.Wall)], idleWatts: null))],
            []);

        /// <summary>
        /// Each node's buckets as exact meters give them: the world's wall energy, rounded to the mJ, and the sampled
        /// peak (the highest 100 ms mean of the world's wall power: a meter's samples are near-instantaneous).
        /// </summary>
        public IEnumerable<NodeEnergy> Buckets()
        {
            for (var b0 = Origin; b0 < EndMs; b0 += WidthMs)
            {
                foreach (var n in World.Nodes)
                {
                    var mj = (long)Math.Round(n.WallJoules(World.MicrosecondsAt(b0), World.MicrosecondsAt(b0 + WidthMs)) * 1000);
                    var peakW = Enumerable.Range(0, (int)(WidthMs / 100)).Max(s => n.WallJoules(World.MicrosecondsAt(b0 + (s * 100L)), World.MicrosecondsAt(b0 + ((s + 1) * 100L))) * 10);
                    yield return new NodeEnergy("bench", n.Id, b0, WidthMs, mj, mj * 1000 / WidthMs, 1.0, 0, true, 0, []) { PeakMilliwatts = (long)Math.Ceiling(peakW * 1000) };
                }
            }
        }

        /// <summary>The job as a job source reports it, its end known or not yet.</summary>
        public Job ToJob(SimJob job, bool endKnown = true) => new()
        {
            Id = job.Id,
            Source = JobSource.Api,
            Allocations = [new JobAllocation(job.NodeId, [.. job.GpuIndices], job.Cores)],
            StartMs = World.UtcMillisecondsAt(job.StartMicroseconds),
            EndMs = endKnown ? World.UtcMillisecondsAt(job.EndMicroseconds) : null,
            State = endKnown ? JobState.Completed : JobState.Running,
        };
    }
}
