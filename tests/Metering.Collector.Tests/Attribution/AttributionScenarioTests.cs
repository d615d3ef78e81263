using Metering.Collector.Bench;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.Attribution;

/// <summary>The benchmark scenarios at small sizes: they run, the stage's output matches its input, idle is learned, and exclusive nodes are exact.</summary>
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
        Assert.True(result.CrossCheck.Holds, result.CrossCheck.ToString());
    }

    [Fact]
    public void Every_scenario_runs_its_output_matches_its_input_its_job_buckets_use_a_learned_idle_and_it_is_deterministic_for_a_seed()
    {
        var results = AttributionScenarios.RunAll(nodes: 2, seed: 11);
        foreach (var r in results)
        {
            output.WriteLine(r.ToString());
        }

        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.Equal(0, r.CrossCheck.InMinusOutMillijoules));
        Assert.All(results, r => Assert.Equal(0, r.CrossCheck.SummariesMinusRecordsMillijoules));
        Assert.All(results, r => Assert.True(r.CrossCheck.JobBuckets > 0 && r.CrossCheck.JobBucketsOnLearnedIdle == r.CrossCheck.JobBuckets, $"{r.Scenario}: {r.CrossCheck}"));
        Assert.All(results, r => Assert.NotEmpty(r.Jobs));
        Assert.Equal(results.Select(r => r.ToString()), AttributionScenarios.RunAll(nodes: 2, seed: 11).Select(r => r.ToString()));
    }

    /// <summary>
    /// The physics the scenarios exist to show: allocation weights misplace energy between unlike jobs, NVML estimates
    /// place far less of it (but weigh each job by its GPUs' board power, idle included: the low-power job still pays
    /// for its GPUs' idle draw twice), and a late job end is repaired by re-attribution.
    /// </summary>
    [Fact]
    public void Nvml_estimates_beat_allocation_on_unlike_jobs_and_a_late_end_is_repaired()
    {
        var allocation = AttributionScenarios.SharedUnlike(2, ScenarioWeights.Allocation, seed: 3);
        var estimate = AttributionScenarios.SharedUnlike(2, ScenarioWeights.Estimate, seed: 3);
        output.WriteLine($"{allocation}\n{estimate}");
        Assert.True(allocation.MaxAbsErrorPercent > 5 * estimate.MaxAbsErrorPercent, $"{allocation}\n{estimate}");
        Assert.True(allocation.Jobs.Single(j => j.JobId == "infer-0").ErrorPercent > 50, allocation.ToString());   // inference is over-charged
        Assert.InRange(estimate.Jobs.Single(j => j.JobId == "infer-0").ErrorPercent, 5, 50);   // less so: its GPUs' idle 60 W weigh on 120 W of draw
        Assert.True(estimate.Jobs.Single(j => j.JobId == "train-0").ErrorPercent < 0, estimate.ToString());

        // After the correction what is left is NVML's bias: the job at 300 W per GPU is weighed by 360 W (idle
        // included), the one at 500 W by 560 W, so the lower-power job is over-charged a little.
        var (before, after) = AttributionScenarios.LateJobEnd(2, ScenarioWeights.Estimate, seed: 3);
        output.WriteLine($"{before}\n{after}");
        Assert.True(before.MaxAbsErrorPercent > 10 && after.MaxAbsErrorPercent < AttributionScenarios.SharedEstimateGoalPercent, $"{before}\n{after}");
        Assert.All(after.Jobs, j => Assert.True(j.JobId.StartsWith("late-b-", StringComparison.Ordinal) == j.ErrorPercent > 0, $"{j.JobId}: {j.ErrorPercent:F3} %"));
    }

    /// <summary>
    /// With ideal estimates (<see cref="IdealEstimates"/>: each second's true dynamic power, in the test project only)
    /// on an idle baseline the stage learned from exact meters (the floor to the mW), the dynamic energy, the physical
    /// part, is placed exactly (measured 0.04 % at most, on jobs of a few seconds), and so are the totals of jobs that
    /// run alone in their buckets' time. Short jobs' totals are not: their idle share is up to 20 % low (measured
    /// 18.3 %), because attribution raises a bucket's resources to the sum of its jobs' allocations when that sum
    /// exceeds the node (Attribution README, rule 4) also when the jobs ran one after the other, so back-to-back jobs
    /// on the same GPUs each get a smaller share of the idle floor than the physics gives them.
    /// </summary>
    [Fact]
    public void Ideal_estimates_on_a_learned_idle_place_the_dynamic_energy_exactly()
    {
        var shared = AttributionScenarios.SharedUnlike(2, ScenarioWeights.Estimate, seed: 5, estimator: IdealEstimates.Of);
        var short_ = AttributionScenarios.ShortJobs(2, ScenarioWeights.Estimate, seed: 5, estimator: IdealEstimates.Of);
        var late = AttributionScenarios.LateJobEnd(2, ScenarioWeights.Estimate, seed: 5, estimator: IdealEstimates.Of).AfterCorrection;
        output.WriteLine($"{shared}\n{short_}\n{late}");

        Assert.All([shared, short_, late], r => Assert.True(r.MaxAbsDynamicErrorPercent < 0.1, r.ToString()));
        Assert.All([shared, late], r => Assert.True(r.MaxAbsErrorPercent < 0.01, r.ToString()));
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
