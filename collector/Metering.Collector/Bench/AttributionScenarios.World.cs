using Metering.Collector.Jobs;
using Metering.Collector.Nodes;
using Metering.Simulation;
using Metering.Simulation.Physics;
using Metering.Simulation.Workloads;

namespace Metering.Collector.Bench;

/// <summary>
/// A scenario's world and what the collector gets from it: the inventory (each node's idle floor rounded to the watt,
/// as a technician reads it), exact meters (each bucket's wall energy, rounded to the mJ), the jobs, and per-second
/// estimates. The truth is the world's (<see cref="TruthConvention"/>); nothing here computes one.
/// </summary>
public static partial class AttributionScenarios
{
    /// <summary>Scenario time starts here (2025-02-19T21:20:00Z, a multiple of the bucket width): the world's origin.</summary>
    internal const long T0 = 1_740_000_000_000;

    /// <summary>Bucket width, ms.</summary>
    internal const long WidthMs = 10_000;

    /// <summary>A scenario node: the world's 8-GPU, 64-core node (<see cref="NodeSpec"/>'s defaults) on two 4 kW Titanium supplies.</summary>
    internal static NodeSpec BenchNode(string id) => new() { NodeId = id, PsuRatedWatts = 4000 };

    /// <summary>A job of <paramref name="gpus"/> whose GPUs draw per second <paramref name="gpuWatts"/> +/- <paramref name="swing"/> each, over [start, end) ms after <see cref="T0"/>.</summary>
    internal static SimJob Job(Random rng, string id, string nodeId, int[] gpus, long startMs, long endMs, double gpuWatts, double swing, double coreWatts, double dramWattsPerGpu) =>
        new(id, nodeId, gpus, gpus.Length * 8, (startMs - T0) * 1000, (endMs - T0) * 1000,
            JobPower.PerSecond(rng, (startMs - T0) * 1000, (endMs - startMs) * 1000, gpuWatts, swing, coreWatts, gpus.Length * dramWattsPerGpu));

    /// <summary>A scenario: the world, anchored at <see cref="T0"/>, over [T0, T0 + horizon).</summary>
    internal sealed record Scenario(World World, long HorizonMs)
    {
        /// <summary>The world's truth over the horizon, by job id.</summary>
        public IReadOnlyDictionary<string, JobTruth> Truth() =>
            World.Truth(T0, T0 + HorizonMs).Values.SelectMany(n => n.Jobs.Values).ToDictionary(j => j.JobId, StringComparer.Ordinal);

        /// <summary>The inventory: one wall feed per node, <c>idle_w</c> the node's idle floor rounded to the watt.</summary>
        public Inventory Inventory() => global::Metering.Collector.Nodes.Inventory.Create(
            [new Site("bench")],
            [.. World.Nodes.Select(n => new Node(n.Id, "bench", n.Spec.Gpus, n.Spec.Cores, "bench", [new Feed("psu1", FeedRole.Wall)], (int)Math.Round(n.IdleWallWatts)))],
            []);

        /// <summary>
        /// Each node's buckets as exact meters give them: the world's wall energy, rounded to the mJ, and the sampled
        /// peak (the highest 100 ms mean of the world's wall power: a meter's samples are near-instantaneous).
        /// </summary>
        public IEnumerable<NodeEnergy> Buckets()
        {
            for (var b0 = T0; b0 < T0 + HorizonMs; b0 += WidthMs)
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

        /// <summary>
        /// Ideal estimates of <paramref name="job"/>: for each second of its run, its true dynamic power at the wall in
        /// that second (the world's truth), with uniform noise of +/- <paramref name="noise"/>.
        /// </summary>
        public IEnumerable<PowerEstimate> Estimates(SimJob job, Random rng, double noise)
        {
            var (start, end) = (World.UtcMillisecondsAt(job.StartMicroseconds), World.UtcMillisecondsAt(job.EndMicroseconds));
            for (var from = start; from < end; from += 1000)
            {
                var to = Math.Min(end, from + 1000);
                var watts = World.Truth(job.NodeId, from, to).Jobs[job.Id].DynamicJoules * 1000 / (to - from);
                yield return new PowerEstimate(job.Id, job.NodeId, from, to, watts * (1 + (((rng.NextDouble() * 2) - 1) * noise)));
            }
        }
    }
}
