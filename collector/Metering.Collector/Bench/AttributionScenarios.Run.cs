using Metering.Collector.Attribution;
using Metering.Collector.Jobs;

namespace Metering.Collector.Bench;

/// <summary>Running a world through the attribution stage and scoring it.</summary>
public static partial class AttributionScenarios
{
    /// <summary>
    /// A job's true end arrives late: per node, job A (4 GPUs, about 500 W each) really ends 4 to 6 minutes in, but the
    /// stage attributes the whole 10 minutes believing it still runs beside job B (4 GPUs, about 300 W each); then the
    /// end arrives and the stage re-attributes. Returns the errors before and after the correction.
    /// </summary>
    public static (ScenarioResult BeforeCorrection, ScenarioResult AfterCorrection) LateJobEnd(int nodes, ScenarioWeights weights, int seed, double estimateNoise = EstimateNoise)
    {
        var rng = new Random(seed);
        var jobs = new List<SimJob>();
        for (var i = 0; i < nodes; i++)
        {
            var aStart = T0 + 5_000;
            var aEnd = T0 + rng.NextInt64(240_000, 360_000);
            jobs.Add(new($"late-a-{i}", $"node-{i}", [0, 1, 2, 3], 32, aStart, aEnd, Profile(rng, aEnd - aStart, 4 * 500, 0.1)));
            jobs.Add(new($"late-b-{i}", $"node-{i}", [4, 5, 6, 7], 32, T0 + 7_000, T0 + 600_000, Profile(rng, 593_000, 4 * 300, 0.1)));
        }

        var world = new World(SimNodes(nodes), jobs, 600_000);
        var (stage, table) = Stage(world, weights, seed, estimateNoise, j => !j.Id.StartsWith("late-a-", StringComparison.Ordinal));
        var remainder = world.Buckets().Sum(b => stage.OnNodeEnergy(b).Remainders.Sum(r => Math.Abs(r.ConservationRemainderMillijoules)));
        var before = Score("late-end (before correction)", world, stage, weights, remainder, null);
        foreach (var a in world.Jobs.Where(j => j.Id.StartsWith("late-a-", StringComparison.Ordinal)))
        {
            var previous = table.Upsert(a.ToJob());
            remainder += stage.OnJobChanged(previous, a.ToJob()).Remainders.Sum(r => Math.Abs(r.ConservationRemainderMillijoules));
        }

        var after = Score("late-end (after correction)", world, stage, weights, remainder, weights == ScenarioWeights.Estimate ? SharedEstimateGoalPercent : null);
        return (before, after);
    }

    private static ScenarioResult Run(string name, World world, ScenarioWeights weights, int seed, double estimateNoise, double? goal)
    {
        var (stage, _) = Stage(world, weights, seed, estimateNoise, _ => true);
        var remainder = world.Buckets().Sum(b => stage.OnNodeEnergy(b).Remainders.Sum(r => Math.Abs(r.ConservationRemainderMillijoules)));
        return Score(name, world, stage, weights, remainder, goal);
    }

    /// <summary>A stage over the world with a table of its jobs (end known where <paramref name="endKnown"/>) and, for estimate weights, their estimates.</summary>
    private static (AttributionStage Stage, JobTable Table) Stage(World world, ScenarioWeights weights, int seed, double estimateNoise, Func<SimJob, bool> endKnown)
    {
        var table = new JobTable();
        var noise = new Random(seed ^ 0x5eed);
        foreach (var j in world.Jobs)
        {
            table.Upsert(j.ToJob(endKnown(j)));
            if (weights == ScenarioWeights.Estimate)
            {
                foreach (var e in j.Estimates(noise, estimateNoise))
                {
                    table.AddEstimate(e);
                }
            }
        }

        var options = new AttributionStageOptions { RetentionMs = world.HorizonMs + WidthMs };
        return (new AttributionStage(world.Inventory(), table, new Attributor(AttributionPolicy.Default), options), table);
    }

    private static ScenarioResult Score(string name, World world, AttributionStage stage, ScenarioWeights weights, long remainder, double? goal)
    {
        var truth = world.Truth(stage.Attributor.Policy);
        var end = T0 + world.HorizonMs;
        var errors = world.Jobs.Select(j =>
        {
            var s = stage.Summary(j.ToJob(), end);
            return new JobError(j.Id, j.NodeId, truth[j.Id].It, s.ItMillijoules, truth[j.Id].Dynamic, s.DynamicMillijoules);
        });
        return new(name, weights, [.. errors], world.Nodes.Count * world.HorizonMs / WidthMs, remainder, goal);
    }
}
