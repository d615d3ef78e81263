using Metering.Simulation.Workloads;

namespace Metering.Collector.Bench;

/// <summary>
/// Accuracy scenarios for attribution (Attribution/README.md "Benchmark scenarios"): simulated worlds
/// (collector/Metering.Simulation) whose true energy per job comes from their physics, attributed with allocation
/// weights or with estimates (what a node agent reading an H100's NVML sends, <see cref="NvmlEstimates"/>; the idle
/// baseline learned by the stage in a lead-in), the per-job error, and a cross-check of the stage's output against its
/// input (<see cref="CrossCheck"/>). Deterministic for a seed. The goals are reported, not asserted (except that exclusive nodes, being one
/// job's, must be exact).
/// </summary>
public static partial class AttributionScenarios
{
    /// <summary>Goal for exclusive nodes: every job within this, %.</summary>
    public const double ExclusiveGoalPercent = 1.0;

    /// <summary>Goal for shared nodes with estimates: every job within this, %.</summary>
    public const double SharedEstimateGoalPercent = 2.0;

    /// <summary>Every scenario with both weights; the late-end scenario before and after its correction.</summary>
    public static IReadOnlyList<ScenarioResult> RunAll(int nodes = 4, int seed = 1)
    {
        var results = new List<ScenarioResult>();
        foreach (var weights in new[] { ScenarioWeights.Allocation, ScenarioWeights.Estimate })
        {
            results.Add(Exclusive(nodes, weights, seed));
            results.Add(SharedUnlike(nodes, weights, seed));
            results.Add(ShortJobs(nodes, weights, seed));
            var (before, after) = LateJobEnd(nodes, weights, seed);
            results.Add(before);
            results.Add(after);
        }

        return results;
    }

    /// <summary>One job per node, holding all of it, for 5 to 15 minutes of a 20-minute window at 250 to 650 W per GPU (+/-20 % per second).</summary>
    public static ScenarioResult Exclusive(int nodes, ScenarioWeights weights, int seed, ScenarioEstimator? estimator = null)
    {
        var rng = new Random(seed);
        var jobs = Enumerable.Range(0, nodes).Select(i =>
        {
            var start = T0 + rng.NextInt64(0, 120_000);
            var end = start + rng.NextInt64(300_000, 900_000);
            return Job(rng, $"excl-{i}", $"node-{i}", [0, 1, 2, 3, 4, 5, 6, 7], start, end, rng.Next(250, 650), 0.2, 3, 4);
        }).ToList();
        return Run("exclusive", NewScenario(nodes, jobs, 1_200_000), weights, seed, estimator, ExclusiveGoalPercent);
    }

    /// <summary>
    /// Unlike jobs sharing a node: training on 6 GPUs at about 600 W each, inference on 2 GPUs at about 120 W each
    /// (bursty, +/-70 %). Allocation weights give inference a quarter of the dynamic energy; NVML estimates weigh each job by its GPUs' board power.
    /// </summary>
    public static ScenarioResult SharedUnlike(int nodes, ScenarioWeights weights, int seed, ScenarioEstimator? estimator = null)
    {
        var rng = new Random(seed);
        var jobs = new List<SimJob>();
        for (var i = 0; i < nodes; i++)
        {
            var trainStart = T0 + rng.NextInt64(0, 60_000);
            var trainEnd = T0 + 1_200_000 - rng.NextInt64(0, 60_000);
            jobs.Add(Job(rng, $"train-{i}", $"node-{i}", [0, 1, 2, 3, 4, 5], trainStart, trainEnd, 600, 0.1, 3, 4));
            var inferStart = T0 + rng.NextInt64(0, 300_000);
            jobs.Add(Job(rng, $"infer-{i}", $"node-{i}", [6, 7], inferStart, inferStart + 600_000, 120, 0.7, 1, 1.5));
        }

        return Run("shared-unlike", NewScenario(nodes, jobs, 1_200_000), weights, seed, estimator, weights == ScenarioWeights.Estimate ? SharedEstimateGoalPercent : null);
    }

    /// <summary>
    /// Jobs shorter than a bucket: per node two lanes of four GPUs, each running back-to-back jobs of 1 to 10 s with
    /// 0.5 to 6 s gaps, 1 to 4 GPUs at 100 to 600 W each, over 5 minutes.
    /// </summary>
    public static ScenarioResult ShortJobs(int nodes, ScenarioWeights weights, int seed, ScenarioEstimator? estimator = null)
    {
        var rng = new Random(seed);
        var jobs = new List<SimJob>();
        for (var i = 0; i < nodes; i++)
        {
            for (var lane = 0; lane < 2; lane++)
            {
                var t = T0 + rng.NextInt64(0, 5_000);
                for (var k = 0; t < T0 + 290_000; k++)
                {
                    var gpus = rng.Next(1, 5);
                    var end = t + rng.NextInt64(1_000, 10_000);
                    var indices = Enumerable.Range(lane * 4, gpus).ToArray();
                    jobs.Add(Job(rng, $"short-{i}-{lane}-{k}", $"node-{i}", indices, t, end, rng.Next(100, 600), 0.1, 2.5, 3));
                    t = end + rng.NextInt64(500, 6_000);
                }
            }
        }

        return Run("short-jobs", NewScenario(nodes, jobs, 300_000), weights, seed, estimator, weights == ScenarioWeights.Estimate ? SharedEstimateGoalPercent : null);
    }

    /// <summary><paramref name="nodes"/> bench nodes (<c>node-0</c>, ...) idle from <see cref="Origin"/>, running <paramref name="jobs"/> from <see cref="T0"/> over <paramref name="horizonMs"/>.</summary>
    private static Scenario NewScenario(int nodes, IEnumerable<SimJob> jobs, long horizonMs) => nodes >= 1
        ? new(new Metering.Simulation.World(Enumerable.Range(0, nodes).Select(i => BenchNode($"node-{i}")), jobs, Origin), horizonMs)
        : throw new ArgumentOutOfRangeException(nameof(nodes), nodes, "must be at least 1");
}
