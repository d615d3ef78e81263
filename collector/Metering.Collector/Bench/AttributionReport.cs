using System.Globalization;

namespace Metering.Collector.Bench;

/// <summary>The text `metering bench attribution` prints: every figure comes from the results passed in.</summary>
public static class AttributionReport
{
    /// <summary>The site the throughput is judged against: 10,000 nodes.</summary>
    public const int SiteNodes = 10_000;

    /// <summary>Its bucket width, s.</summary>
    public const int BucketSeconds = 10;

    /// <summary>
    /// The accuracy table (one row per scenario and weights) and, per scenario, its <paramref name="jobs"/> worst jobs
    /// with their true energy and the energy and error under allocation and under estimate weights.
    /// </summary>
    public static IEnumerable<string> Accuracy(IReadOnlyList<ScenarioResult> results, int nodes, int seed, int jobs)
    {
        yield return Invariant($"Attribution accuracy against the simulated world's truth ({nodes} nodes per scenario, seed {seed})");
        yield return "  estimates: one per second per job, what a node agent reading an H100's NVML sends (GPU board power, GPU idle included; no CPU, DRAM, fans or supply losses)";
        yield return Invariant($"  idle: no idle_w configured; the stage learns each node's baseline in a {AttributionScenarios.LeadMs / 1000} s idle lead-in before the first job");
        yield return "  truth: the idle share follows the simulation's stated convention (Metering.Simulation README, \"The truth\"); the dynamic error (dyn) is physical";
        yield return "  cross-check (latest record per key, both 0): in-out = energy fed in - (jobs + overhead + unallocated); sum-rec = jobs' summaries - job records";
        yield return "";
        yield return Invariant($"{"scenario",-30} {"weights",-10} {"jobs",5} {"max error",11} {"mean error",11} {"misplaced",10} {"dyn max",10} {"dyn mean",10} {"in-out",10} {"sum-rec",10}  goal");
        foreach (var r in results)
        {
            var goal = r.GoalPercent is { } g ? Invariant($"{g:0.#} %: {(r.MeetsGoal ? "met" : "MISSED")}") : "reported";
            yield return Invariant($"{r.Scenario,-30} {Name(r.Weights),-10} {r.Jobs.Count,5} {Percent(r.MaxAbsErrorPercent),11} {Percent(r.MeanAbsErrorPercent),11} {Percent(r.MisplacedPercent),10} {Percent(r.MaxAbsDynamicErrorPercent),10} {Percent(r.MeanAbsDynamicErrorPercent),10} {r.CrossCheck.InMinusOutMillijoules,7} mJ {r.CrossCheck.SummariesMinusRecordsMillijoules,7} mJ  {goal}");
        }

        yield return "";
        yield return Invariant($"Node buckets holding a job attributed on a learned idle baseline: {results.Sum(r => r.CrossCheck.JobBucketsOnLearnedIdle)} of {results.Sum(r => r.CrossCheck.JobBuckets)}");

        if (jobs == 0)
        {
            yield break;
        }

        foreach (var scenario in results.Select(r => r.Scenario).Distinct())
        {
            var allocation = results.FirstOrDefault(r => r.Scenario == scenario && r.Weights == ScenarioWeights.Allocation);
            var estimate = results.FirstOrDefault(r => r.Scenario == scenario && r.Weights == ScenarioWeights.Estimate);
            var byJob = (estimate?.Jobs ?? []).ToDictionary(j => j.JobId, StringComparer.Ordinal);
            var rows = (allocation?.Jobs ?? estimate!.Jobs)
                .Select(a => (Allocation: allocation is null ? null : a, Estimate: byJob.GetValueOrDefault(a.JobId)))
                .OrderByDescending(p => Math.Max(Math.Abs(p.Allocation?.ErrorPercent ?? 0), Math.Abs(p.Estimate?.ErrorPercent ?? 0)))
                .ThenBy(p => (p.Allocation ?? p.Estimate)!.JobId, StringComparer.Ordinal)
                .ToList();
            yield return "";
            yield return Invariant($"{scenario}: {Math.Min(jobs, rows.Count)} of {rows.Count} jobs, worst first (energy in kJ)");
            yield return Invariant($"  {"job",-22} {"node",-8} {"true",12} {"allocation",12} {"error",10} {"estimate",12} {"error",10}");
            foreach (var (a, e) in rows.Take(jobs))
            {
                var any = (a ?? e)!;
                yield return Invariant($"  {any.JobId,-22} {any.NodeId,-8} {any.TrueMillijoules / 1e6,12:F1} {Kj(a),12} {Error(a),10} {Kj(e),12} {Error(e),10}");
            }
        }
    }

    /// <summary>Throughput of the attributor alone and of the whole stage, and the stage's headroom over the site.</summary>
    public static IEnumerable<string> Throughput(ThroughputResult attributor, ThroughputResult stage)
    {
        var need = SiteNodes / (double)BucketSeconds;
        var headroom = stage.NodeIntervalsPerSecond / need;
        var goal = AttributionScenarios.ThroughputGoalPerSecond / need;
        yield return Invariant($"Attribution throughput on one thread ({stage.NodeIntervals:N0} node-intervals, two jobs per node, PUE and a carbon series):");
        yield return Invariant($"  {"attributor alone",-18} {attributor.NodeIntervalsPerSecond,12:N0} node-intervals/s  ({attributor.Seconds:F2} s)");
        yield return Invariant($"  {"whole stage",-18} {stage.NodeIntervalsPerSecond,12:N0} node-intervals/s  ({stage.Seconds:F2} s; job lookups, ledger, eviction)");
        yield return Invariant($"  a {SiteNodes:N0}-node site at {BucketSeconds} s buckets needs {need:N0} node-intervals/s: headroom {headroom:N1}x (goal {goal:N0}x: {(headroom >= goal ? "met" : "MISSED")})");
    }

    private static string Name(ScenarioWeights w) => w == ScenarioWeights.Allocation ? "allocation" : "estimate";

    private static string Percent(double p) => double.IsFinite(p) ? Invariant($"{p:F3} %") : "inf";

    private static string Kj(JobError? j) => j is null ? "-" : Invariant($"{j.AttributedMillijoules / 1e6:F1}");

    private static string Error(JobError? j) => j is null ? "-" : Invariant($"{j.ErrorPercent:+0.000;-0.000;0.000} %");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
