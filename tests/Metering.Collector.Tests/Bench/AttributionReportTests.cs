using System.Globalization;
using Metering.Collector.Bench;

namespace Metering.Collector.Tests.Bench;

/// <summary>What `metering bench attribution` prints comes from the scenario and throughput results, nothing else.</summary>
public sealed class AttributionReportTests
{
    [Fact]
    public void The_accuracy_table_has_a_row_per_scenario_and_weights_with_its_cross_check_and_each_scenario_lists_its_worst_jobs_under_both_weights()
    {
        var results = AttributionScenarios.RunAll(nodes: 1, seed: 3);

        var lines = AttributionReport.Accuracy(results, nodes: 1, seed: 3, jobs: 2).ToList();

        Assert.Contains(lines, l => l.Contains("NVML", StringComparison.Ordinal) && l.StartsWith("  estimates:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("no idle_w configured; the stage learns", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("the dynamic error (dyn) is physical", StringComparison.Ordinal));
        var learned = (results.Sum(r => r.CrossCheck.JobBucketsOnLearnedIdle), results.Sum(r => r.CrossCheck.JobBuckets));
        Assert.Contains(lines, l => l.EndsWith($"on a learned idle baseline: {learned.Item1} of {learned.Item2}", StringComparison.Ordinal));

        foreach (var r in results)
        {
            var weights = r.Weights == ScenarioWeights.Allocation ? "allocation" : "estimate";
            var row = Assert.Single(lines, l => l.StartsWith(r.Scenario.PadRight(30) + " " + weights.PadRight(10), StringComparison.Ordinal));
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{r.MaxAbsErrorPercent:F3} %"), row);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{r.MeanAbsDynamicErrorPercent:F3} %"), row);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $" {r.CrossCheck.InMinusOutMillijoules,7} mJ {r.CrossCheck.SummariesMinusRecordsMillijoules,7} mJ  "), row);
            Assert.Contains(r.GoalPercent is null ? "reported" : r.MeetsGoal ? "met" : "MISSED", row);
        }

        foreach (var scenario in results.Select(r => r.Scenario).Distinct())
        {
            var at = lines.FindIndex(l => l.StartsWith(scenario + ": ", StringComparison.Ordinal));
            var allocation = results.Single(r => r.Scenario == scenario && r.Weights == ScenarioWeights.Allocation);
            var estimate = results.Single(r => r.Scenario == scenario && r.Weights == ScenarioWeights.Estimate).Jobs.ToDictionary(j => j.JobId);
            var score = allocation.Jobs.ToDictionary(j => j.JobId, j => Math.Max(Math.Abs(j.ErrorPercent), Math.Abs(estimate[j.JobId].ErrorPercent)));
            Assert.Contains($"of {allocation.Jobs.Count} jobs", lines[at]);
            var first = lines[at + 2].Trim().Split(' ')[0];
            Assert.Equal(score.Values.Max(), score[first]);
            var shown = Math.Min(2, allocation.Jobs.Count);
            Assert.All(lines.Skip(at + 2).Take(shown), l => Assert.StartsWith("  ", l));
            Assert.True(at + 2 + shown == lines.Count || lines[at + 2 + shown].Length == 0, $"{scenario}: only {shown} jobs listed");
        }
    }

    [Theory]
    [InlineData(3_600_000, 120.0, true)]
    [InlineData(36_000, 12.0, false)]
    public void Throughput_is_judged_against_ten_thousand_nodes_at_ten_second_buckets(long nodeIntervals, double seconds, bool met)
    {
        var stage = new ThroughputResult(nodeIntervals, seconds, 0, ThroughStage: true);
        var attributor = new ThroughputResult(nodeIntervals, seconds / 4, 0, ThroughStage: false);

        var lines = AttributionReport.Throughput(attributor, stage).ToList();

        var need = AttributionReport.SiteNodes / (double)AttributionReport.BucketSeconds;
        Assert.Contains(lines, l => l.Contains(string.Create(CultureInfo.InvariantCulture, $"{stage.NodeIntervalsPerSecond,12:N0} node-intervals/s"), StringComparison.Ordinal) && l.Contains("whole stage"));
        Assert.Contains(lines, l => l.Contains(string.Create(CultureInfo.InvariantCulture, $"{attributor.NodeIntervalsPerSecond,12:N0} node-intervals/s"), StringComparison.Ordinal) && l.Contains("attributor alone"));
        Assert.EndsWith(string.Create(CultureInfo.InvariantCulture, $"headroom {stage.NodeIntervalsPerSecond / need:N1}x (goal {AttributionScenarios.ThroughputGoalPerSecond / need:N0}x: {(met ? "met" : "MISSED")})"), lines[^1]);
    }
}
