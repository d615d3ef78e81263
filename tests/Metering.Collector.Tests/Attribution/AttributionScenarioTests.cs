using Metering.Collector.Bench;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.Attribution;

/// <summary>The benchmark scenarios at small sizes: they run, conserve, and exclusive nodes are exact.</summary>
public sealed class AttributionScenarioTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ScenarioWeights.Allocation)]
    [InlineData(ScenarioWeights.Estimate)]
    public void Exclusive_nodes_are_attributed_within_1_percent(ScenarioWeights weights)
    {
        var result = AttributionScenarios.Exclusive(nodes: 3, weights, seed: 7);
        output.WriteLine(result.ToString());

        Assert.Equal(3, result.Jobs.Count);
        Assert.True(result.MaxAbsErrorPercent < AttributionScenarios.ExclusiveGoalPercent, result.ToString());
        Assert.True(result.MaxAbsErrorPercent < 0.001, "a node that is one job's is all that job's: " + result);
        Assert.True(result.MeetsGoal);
    }

    [Fact]
    public void Every_scenario_runs_conserves_and_is_deterministic_for_a_seed()
    {
        var results = AttributionScenarios.RunAll(nodes: 2, seed: 11);
        foreach (var r in results)
        {
            output.WriteLine(r.ToString());
        }

        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.Equal(0, r.ConservationRemainderMillijoules));
        Assert.All(results, r => Assert.NotEmpty(r.Jobs));
        Assert.Equal(results.Select(r => r.ToString()), AttributionScenarios.RunAll(nodes: 2, seed: 11).Select(r => r.ToString()));
    }

    /// <summary>
    /// The physics the scenarios exist to show: allocation weights misplace energy between unlike jobs, estimates
    /// follow it, and a late job end is repaired by re-attribution.
    /// </summary>
    [Fact]
    public void Estimates_beat_allocation_on_unlike_jobs_and_a_late_end_is_repaired()
    {
        var allocation = AttributionScenarios.SharedUnlike(2, ScenarioWeights.Allocation, seed: 3);
        var estimate = AttributionScenarios.SharedUnlike(2, ScenarioWeights.Estimate, seed: 3);
        Assert.True(allocation.MaxAbsErrorPercent > 10 * estimate.MaxAbsErrorPercent, $"{allocation}\n{estimate}");
        Assert.True(allocation.Jobs.Single(j => j.JobId == "infer-0").ErrorPercent > 50, allocation.ToString());   // inference is over-charged

        // With estimates the only error left after the correction is the estimates' noise.
        var (before, after) = AttributionScenarios.LateJobEnd(2, ScenarioWeights.Estimate, seed: 3);
        Assert.True(before.MaxAbsErrorPercent > 10 && after.MaxAbsErrorPercent < 1, $"{before}\n{after}");
    }

    /// <summary>
    /// With exact estimates the dynamic energy, the physical part, is placed exactly but for what rounding the idle
    /// floor to the watt moves: the inventory's <c>idle_w</c> is an integer, the world's floor is not, and up to 0.5 W
    /// of it goes to the jobs' dynamic share (measured 0.13 % at most, on short jobs). Totals of jobs that run alone
    /// in their buckets' time follow (measured 0.016 %). Short jobs' totals do not: their idle share is up to 20 % low
    /// (measured 19.7 %), because attribution raises a bucket's resources to the sum of its jobs' allocations when that
    /// sum exceeds the node (Attribution README, rule 4) also when the jobs ran one after the other, so back-to-back
    /// jobs on the same GPUs each get a smaller share of the idle floor than the physics gives them.
    /// </summary>
    [Fact]
    public void Noise_free_estimates_place_the_dynamic_energy_exactly_but_for_the_idle_floor_rounded_to_the_watt()
    {
        var shared = AttributionScenarios.SharedUnlike(2, ScenarioWeights.Estimate, seed: 5, estimateNoise: 0);
        var short_ = AttributionScenarios.ShortJobs(2, ScenarioWeights.Estimate, seed: 5, estimateNoise: 0);
        var late = AttributionScenarios.LateJobEnd(2, ScenarioWeights.Estimate, seed: 5, estimateNoise: 0).AfterCorrection;
        output.WriteLine($"{shared}\n{short_}\n{late}");

        Assert.All([shared, short_, late], r => Assert.True(r.MaxAbsDynamicErrorPercent < 0.5, r.ToString()));
        Assert.All([shared, late], r => Assert.True(r.MaxAbsErrorPercent < 0.05, r.ToString()));
        Assert.True(short_.MaxAbsErrorPercent < 25, short_.ToString());
        Assert.All(short_.Jobs, j => Assert.True(j.AttributedMillijoules - j.AttributedDynamicMillijoules <= (j.TrueMillijoules - j.TrueDynamicMillijoules) * 1.001, $"{j.JobId}: idle share above the truth's"));
    }

    [Fact]
    public void Throughput_runs_and_reports_a_rate()
    {
        var stage = AttributionScenarios.Throughput(nodes: 200, intervals: 30, jobsPerNode: 2, throughStage: true);
        var direct = AttributionScenarios.Throughput(nodes: 200, intervals: 30, jobsPerNode: 2, throughStage: false);
        output.WriteLine(stage.ToString());
        output.WriteLine(direct.ToString());

        Assert.Equal(6_000, stage.NodeIntervals);
        Assert.True(stage.NodeIntervalsPerSecond > 0 && stage.ChecksumMillijoules > 0);
        Assert.Equal(stage.ChecksumMillijoules, direct.ChecksumMillijoules);   // both paths attribute the same energy to jobs
    }
}
