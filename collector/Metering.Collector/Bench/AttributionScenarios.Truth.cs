using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;

namespace Metering.Collector.Bench;

/// <summary>The truth model: node power = idle floor + the sum of its jobs' true dynamic power; meters are exact.</summary>
public static partial class AttributionScenarios
{
    /// <summary>Scenario time starts here (2025-02-19T21:20:00Z, a multiple of the bucket width).</summary>
    internal const long T0 = 1_740_000_000_000;

    /// <summary>Bucket width, ms.</summary>
    internal const long WidthMs = 10_000;

    /// <summary>A scenario node: 8 GPUs, 64 cores, an 800 W idle floor (configured as its idle_w).</summary>
    internal sealed record SimNode(string Id, int Gpus = 8, int Cores = 64, int IdleWatts = 800);

    /// <summary>A job with its true dynamic power per second of its run (second k covers [start + k s, start + (k + 1) s)).</summary>
    internal sealed record SimJob(string Id, string NodeId, int[] GpuIndices, int Cores, long StartMs, long EndMs, double[] SecondWatts)
    {
        public Job ToJob(bool endKnown = true) => new()
        {
            Id = Id,
            Source = JobSource.Api,
            Allocations = [new JobAllocation(NodeId, GpuIndices, Cores)],
            StartMs = StartMs,
            EndMs = endKnown ? EndMs : null,
            State = endKnown ? JobState.Completed : JobState.Running,
        };

        /// <summary>True dynamic energy over [from, to), mJ (W x ms).</summary>
        public double DynamicMillijoules(long from, long to)
        {
            double e = 0;
            for (long t = Math.Max(from, StartMs), end = Math.Min(to, EndMs); t < end;)
            {
                var k = (t - StartMs) / 1000;
                var next = Math.Min(end, StartMs + ((k + 1) * 1000));
                e += SecondWatts[k] * (next - t);
                t = next;
            }

            return e;
        }

        /// <summary>One estimate per second of its run: the true power with uniform noise of +/- <paramref name="noise"/>.</summary>
        public IEnumerable<PowerEstimate> Estimates(Random rng, double noise) =>
            SecondWatts.Select((w, k) => new PowerEstimate(Id, NodeId, StartMs + (k * 1000), Math.Min(EndMs, StartMs + ((k + 1) * 1000)), w * (1 + ((rng.NextDouble() * 2) - 1) * noise)));
    }

    /// <summary>Nodes and jobs over [StartMs, StartMs + horizon).</summary>
    internal sealed record World(IReadOnlyList<SimNode> Nodes, IReadOnlyList<SimJob> Jobs, long HorizonMs)
    {
        /// <summary>Start of the horizon, a multiple of <see cref="WidthMs"/>: <see cref="T0"/> for the scenarios, the run's own for the demo.</summary>
        public long StartMs { get; init; } = T0;

        public Inventory Inventory() => global::Metering.Collector.Nodes.Inventory.Create(
            [new Site("bench")],
            [.. Nodes.Select(n => new Node(n.Id, "bench", n.Gpus, n.Cores, "bench", [new Feed("psu1", FeedRole.Wall)], n.IdleWatts))],
            []);

        /// <summary>Each node's measured buckets: idle floor + its jobs' dynamic energy, rounded to the mJ.</summary>
        public IEnumerable<NodeEnergy> Buckets()
        {
            for (var b0 = StartMs; b0 < StartMs + HorizonMs; b0 += WidthMs)
            {
                foreach (var n in Nodes)
                {
                    var e = (n.IdleWatts * (double)WidthMs) + Jobs.Where(j => j.NodeId == n.Id).Sum(j => j.DynamicMillijoules(b0, b0 + WidthMs));
                    var mj = (long)Math.Round(e);
                    yield return new NodeEnergy("bench", n.Id, b0, WidthMs, mj, mj * 1000 / WidthMs, 1.0, 0, true, 0, []);
                }
            }
        }

        /// <summary>
        /// Each job's true energy: its dynamic energy plus its idle share under the policy (shared: idle floor x its
        /// reference-watt share of the node x its time in the bucket, the convention attribution applies; overhead: none).
        /// </summary>
        public Dictionary<string, (double It, double Dynamic)> Truth(AttributionPolicy policy)
        {
            var truth = Jobs.ToDictionary(j => j.Id, _ => (It: 0.0, Dynamic: 0.0));
            var reference = policy.Reference;
            for (var b0 = StartMs; b0 < StartMs + HorizonMs; b0 += WidthMs)
            {
                foreach (var n in Nodes)
                {
                    var active = Jobs.Where(j => j.NodeId == n.Id && j.StartMs < b0 + WidthMs && j.EndMs > b0).ToList();
                    double capacity = Math.Max(reference.Milliwatts(n.Gpus, n.Cores), active.Sum(j => reference.Milliwatts(j.GpuIndices.Length, j.Cores)));
                    foreach (var j in active)
                    {
                        var overlap = Math.Min(j.EndMs, b0 + WidthMs) - Math.Max(j.StartMs, b0);
                        var idle = policy.IdlePolicy == IdlePolicy.Shared
                            ? n.IdleWatts * (double)WidthMs * reference.Milliwatts(j.GpuIndices.Length, j.Cores) / capacity * overlap / WidthMs
                            : 0;
                        var dynamic = j.DynamicMillijoules(b0, b0 + WidthMs);
                        truth[j.Id] = (truth[j.Id].It + idle + dynamic, truth[j.Id].Dynamic + dynamic);
                    }
                }
            }

            return truth;
        }
    }

    /// <summary>Per-second watts: <paramref name="meanWatts"/> x uniform(1 - swing, 1 + swing), for <paramref name="durationMs"/>.</summary>
    internal static double[] Profile(Random rng, long durationMs, double meanWatts, double swing) =>
        [.. Enumerable.Range(0, (int)((durationMs + 999) / 1000)).Select(_ => meanWatts * (1 + (((rng.NextDouble() * 2) - 1) * swing)))];
}
