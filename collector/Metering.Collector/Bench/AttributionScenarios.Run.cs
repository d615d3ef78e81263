using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Simulation.Workloads;

namespace Metering.Collector.Bench;

/// <summary>Running a world through the attribution stage and scoring it against the world's truth.</summary>
public static partial class AttributionScenarios
{
    /// <summary>
    /// A job's true end arrives late: per node, job A (4 GPUs, about 500 W each) really ends 4 to 6 minutes in, but the
    /// stage attributes the whole 10 minutes believing it still runs beside job B (4 GPUs, about 300 W each); then the
    /// end arrives and the stage re-attributes. Returns the errors before and after the correction.
    /// </summary>
    public static (ScenarioResult BeforeCorrection, ScenarioResult AfterCorrection) LateJobEnd(int nodes, ScenarioWeights weights, int seed, ScenarioEstimator? estimator = null)
    {
        var rng = new Random(seed);
        var jobs = new List<SimJob>();
        for (var i = 0; i < nodes; i++)
        {
            var aStart = T0 + 5_000;
            var aEnd = T0 + rng.NextInt64(240_000, 360_000);
            jobs.Add(Job(rng, $"late-a-{i}", $"node-{i}", [0, 1, 2, 3], aStart, aEnd, 500, 0.1, 3, 4));
            jobs.Add(Job(rng, $"late-b-{i}", $"node-{i}", [4, 5, 6, 7], T0 + 7_000, T0 + 600_000, 300, 0.1, 3, 4));
        }

        var scenario = NewScenario(nodes, jobs, 600_000);
        var (stage, table) = Stage(scenario, weights, seed, estimator, j => !j.Id.StartsWith("late-a-", StringComparison.Ordinal));
        var written = new Written();
        foreach (var b in scenario.Buckets())
        {
            written.Feed(stage, b);
        }

        var before = Score("late-end (before correction)", scenario, stage, weights, written, null);
        foreach (var a in scenario.World.Jobs.Where(j => j.Id.StartsWith("late-a-", StringComparison.Ordinal)))
        {
            var previous = table.Upsert(scenario.ToJob(a));
            written.Keep(stage.OnJobChanged(previous, scenario.ToJob(a)));
        }

        var after = Score("late-end (after correction)", scenario, stage, weights, written, weights == ScenarioWeights.Estimate ? SharedEstimateGoalPercent : null);
        return (before, after);
    }

    private static ScenarioResult Run(string name, Scenario scenario, ScenarioWeights weights, int seed, ScenarioEstimator? estimator, double? goal)
    {
        var (stage, _) = Stage(scenario, weights, seed, estimator, _ => true);
        var written = new Written();
        foreach (var b in scenario.Buckets())
        {
            written.Feed(stage, b);
        }

        return Score(name, scenario, stage, weights, written, goal);
    }

    /// <summary>
    /// A stage over the world with a table of its jobs (end known where <paramref name="endKnown"/>) and, for estimate
    /// weights, their estimates from <paramref name="estimator"/> (default <see cref="NvmlEstimates.H100"/>).
    /// </summary>
    private static (AttributionStage Stage, JobTable Table) Stage(Scenario scenario, ScenarioWeights weights, int seed, ScenarioEstimator? estimator, Func<SimJob, bool> endKnown)
    {
        var table = new JobTable();
        estimator ??= NvmlEstimates.H100;
        foreach (var j in scenario.World.Jobs)
        {
            table.Upsert(scenario.ToJob(j, endKnown(j)));
            if (weights == ScenarioWeights.Estimate)
            {
                foreach (var e in estimator(scenario.World, j, seed))
                {
                    table.AddEstimate(e);
                }
            }
        }

        var options = new AttributionStageOptions { RetentionMs = scenario.EndMs - Origin + WidthMs };
        return (new AttributionStage(scenario.Inventory(), table, new Attributor(AttributionPolicy.Default), options), table);
    }

    private static ScenarioResult Score(string name, Scenario scenario, AttributionStage stage, ScenarioWeights weights, Written written, double? goal)
    {
        var truth = scenario.Truth();
        var errors = scenario.World.Jobs.Select(j =>
        {
            var s = stage.Summary(scenario.ToJob(j), scenario.EndMs);
            return (Summary: s, Error: new JobError(j.Id, j.NodeId, truth[j.Id].Joules * 1000, s.ItMillijoules, truth[j.Id].DynamicJoules * 1000, s.DynamicMillijoules));
        }).ToList();
        var check = written.Check(errors.Sum(e => e.Summary.ItMillijoules));
        return new(name, weights, [.. errors.Select(e => e.Error)], scenario.World.Nodes.Count * (scenario.EndMs - Origin) / WidthMs, check, goal);
    }
}
