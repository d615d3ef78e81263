using Metering.Simulation.Workloads;

namespace Metering.Collector.Demo;

/// <summary>
/// The demo's job schedule over a run of a given length, seeded (README.md in this folder, "The schedule"): per node
/// <list type="number">
/// <item>an exclusive pre-training job on all 8 GPUs, then an evaluation on all 8;</item>
/// <item>a fine-tuning job on 6 GPUs beside a bursty chat-inference service on the other 2;</item>
/// <item>a learning-rate sweep: three 4-GPU training jobs, two at a time, overlapping;</item>
/// <item>an embedding service on 2 GPUs for the whole run, an indexing job on 4, and short batch evaluations
/// (3 to 9 s, shorter than a 10 s interval) on 1 or 2 GPUs.</item>
/// </list>
/// Times scale with the run's length. Each job's GPUs draw one dynamic board power per second above their idle
/// (training 380 to 460 W per GPU within 10 %, inference 50 to 130 W within 50 to 60 %), its cores a constant power
/// each and its DRAM a constant power per GPU it holds (<see cref="JobPower.PerSecond"/>).
/// </summary>
internal static class DemoSchedule
{
    /// <summary>Shortest run the schedule fits in, ms.</summary>
    public const long MinDurationMs = 60_000;

    /// <summary>The jobs of a run of <paramref name="durationMs"/>, ordered by start then key.</summary>
    public static IReadOnlyList<DemoJobPlan> Plan(int seed, long durationMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(durationMs, MinDurationMs);
        var rng = new Random(unchecked((seed * 92_821) + 3));
        var d = (double)durationMs;

        // An instant at a fraction of the run, jittered by up to 1 % of it and off the 10 s grid by a random ms count.
        long At(double fraction) => Math.Clamp((long)((fraction + ((rng.NextDouble() - 0.5) * 0.02)) * d) + rng.Next(0, 1000), 0, durationMs - 1000);
        int[] Gpus(int from, int count) => [.. Enumerable.Range(from, count)];
        var jobs = new List<DemoJobPlan>();
        void Add(string key, string name, string project, string model, string purpose, string user, int node, int[] gpus, long start, long end, Draw draw)
        {
            var duration = Math.Max(1, end - start);
            jobs.Add(new(key, name, project, model, purpose, user, node, gpus, gpus.Length * 8, start, duration,
                JobPower.PerSecond(rng, start * 1000, duration * 1000, draw.GpuWatts, draw.Swing, draw.CoreWatts, gpus.Length * draw.DramWattsPerGpu)));
        }

        // Per GPU dynamic board power and its swing second to second, per core, DRAM per GPU held.
        Draw Training() => new(380 + (rng.NextDouble() * 80), 0.1, 3.0, 4.0);
        Draw Inference(double swing) => new(50 + (rng.NextDouble() * 80), swing, 1.0, 1.5);

        // Node 1: one job holds the node, then an evaluation.
        Add("pretrain", "pretrain llama-3-8b", "foundation", "llama-3-8b", "training", "alice", 0, Gpus(0, 8), At(0.04), At(0.80), Training());
        Add("eval", "eval llama-3-8b", "foundation", "llama-3-8b", "evaluation", "alice", 0, Gpus(0, 8), At(0.84), At(0.97), new(220 + (rng.NextDouble() * 50), 0.15, 2.0, 3.0));

        // Node 2: unlike jobs sharing the node.
        Add("finetune", "finetune mistral-7b", "assistant", "mistral-7b", "fine-tuning", "bob", 1, Gpus(0, 6), At(0.02), At(0.95), Training() with { GpuWatts = 340 + (rng.NextDouble() * 80) });
        Add("chat", "chat service", "assistant", "mistral-7b", "inference", "bob", 1, Gpus(6, 2), At(0.10), At(0.70), Inference(0.6));

        // Node 3: a sweep, two 4-GPU jobs at a time.
        Add("sweep-1", "sweep lr=1e-4", "research", "qwen2-1.5b", "training", "chen", 2, Gpus(0, 4), At(0.01), At(0.50), Training());
        Add("sweep-2", "sweep lr=3e-4", "research", "qwen2-1.5b", "training", "chen", 2, Gpus(4, 4), At(0.25), At(0.90), Training());
        Add("sweep-3", "sweep lr=1e-3", "research", "qwen2-1.5b", "training", "chen", 2, Gpus(0, 4), At(0.55), At(0.98), Training());

        // Node 4: a service all along, an indexing job, and batch evaluations shorter than an interval.
        Add("embed", "embedding service", "search", "bge-large", "inference", "dana", 3, Gpus(0, 2), 0, durationMs - 1 - rng.Next(0, 1000), Inference(0.5));
        Add("index", "rag index build", "search", "bge-large", "training", "dana", 3, Gpus(4, 4), At(0.20), At(0.60), new(270 + (rng.NextDouble() * 50), 0.1, 2.5, 4.0));
        var batch = 1;
        for (var t = (long)(0.05 * d) + rng.Next(0, 10_000); t < 0.95 * d; t += 30_000 + rng.Next(0, 40_000))
        {
            Add($"batch-{batch:D2}", $"batch eval {batch}", "search", "bge-large", "evaluation", "dana", 3, Gpus(2, 1 + rng.Next(0, 2)), t, t + 3_000 + rng.Next(0, 6_000), new(130 + (rng.NextDouble() * 180), 0.15, 2.0, 3.0));
            batch++;
        }

        return [.. jobs.OrderBy(j => j.StartOffsetMs).ThenBy(j => j.Key, StringComparer.Ordinal)];
    }

    /// <summary>What a kind of job draws above idle: per GPU (board power, W) with its swing second to second (0..1), per core (W), DRAM per GPU held (W).</summary>
    private sealed record Draw(double GpuWatts, double Swing, double CoreWatts, double DramWattsPerGpu);
}
