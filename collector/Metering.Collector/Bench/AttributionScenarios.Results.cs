namespace Metering.Collector.Bench;

/// <summary>Which weights a scenario run attributes dynamic energy by.</summary>
public enum ScenarioWeights
{
    /// <summary>No estimates: GPUs x 300 W + cores x 10 W.</summary>
    Allocation,

    /// <summary>Per-second NVML estimates of every job (<see cref="NvmlEstimates.H100"/>, unless the scenario is given another estimator).</summary>
    Estimate,
}

/// <summary>One scenario run: per-job errors and whether the goal (if any) was met.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Weights">Allocation or estimate weights.</param>
/// <param name="Jobs">Per-job true and attributed energy.</param>
/// <param name="NodeIntervals">Node buckets attributed.</param>
/// <param name="CrossCheck">The stage's output against its input: both differences 0, and the job buckets on a learned idle baseline.</param>
/// <param name="GoalPercent">The goal for the largest job error, %, or null where errors are only reported.</param>
public sealed record ScenarioResult(
    string Scenario,
    ScenarioWeights Weights,
    IReadOnlyList<JobError> Jobs,
    long NodeIntervals,
    CrossCheck CrossCheck,
    double? GoalPercent)
{
    /// <summary>Largest |error| over jobs, %.</summary>
    public double MaxAbsErrorPercent => Jobs.Count == 0 ? 0 : Jobs.Max(j => Math.Abs(j.ErrorPercent));

    /// <summary>Mean |error| over jobs, %.</summary>
    public double MeanAbsErrorPercent => Jobs.Count == 0 ? 0 : Jobs.Average(j => Math.Abs(j.ErrorPercent));

    /// <summary>Sum of |attributed - true| over the sum of true energy, %: the share of energy misplaced.</summary>
    public double MisplacedPercent => Jobs.Sum(j => j.TrueMillijoules) is var t and > 0 ? Jobs.Sum(j => Math.Abs(j.AttributedMillijoules - j.TrueMillijoules)) / t * 100 : 0;

    /// <summary>Largest |error| of the dynamic part over jobs, %.</summary>
    public double MaxAbsDynamicErrorPercent => Jobs.Count == 0 ? 0 : Jobs.Max(j => Math.Abs(j.DynamicErrorPercent));

    /// <summary>Mean |error| of the dynamic part over jobs, %.</summary>
    public double MeanAbsDynamicErrorPercent => Jobs.Count == 0 ? 0 : Jobs.Average(j => Math.Abs(j.DynamicErrorPercent));

    /// <summary>True when there is no goal or every job is within it.</summary>
    public bool MeetsGoal => GoalPercent is not { } g || MaxAbsErrorPercent <= g;

    /// <summary>One line for people: name, weights, jobs, errors, goal.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Scenario,-30} {Weights,-10} jobs {Jobs.Count,4}  max {MaxAbsErrorPercent,8:F3} %  mean {MeanAbsErrorPercent,8:F3} %  misplaced {MisplacedPercent,7:F3} %  dyn max {MaxAbsDynamicErrorPercent,8:F3} %  dyn mean {MeanAbsDynamicErrorPercent,8:F3} %  in-out {CrossCheck.InMinusOutMillijoules} mJ  summaries-records {CrossCheck.SummariesMinusRecordsMillijoules} mJ  goal {(GoalPercent is { } g ? $"{g} % {(MeetsGoal ? "met" : "MISSED")}" : "-")}");
}

/// <summary>A job's true and attributed energy in a scenario.</summary>
/// <param name="JobId">The job.</param>
/// <param name="NodeId">Its node.</param>
/// <param name="TrueMillijoules">True energy by the world's convention (idle share + dynamic share), mJ.</param>
/// <param name="AttributedMillijoules">Attributed IT energy, mJ.</param>
/// <param name="TrueDynamicMillijoules">True dynamic energy, mJ.</param>
/// <param name="AttributedDynamicMillijoules">Attributed dynamic energy, mJ.</param>
public sealed record JobError(string JobId, string NodeId, double TrueMillijoules, long AttributedMillijoules, double TrueDynamicMillijoules, long AttributedDynamicMillijoules)
{
    /// <summary>(attributed - true) / true, %; 0 when both are 0.</summary>
    public double ErrorPercent => Percent(AttributedMillijoules, TrueMillijoules);

    /// <summary>The same for the dynamic part, %.</summary>
    public double DynamicErrorPercent => Percent(AttributedDynamicMillijoules, TrueDynamicMillijoules);

    private static double Percent(double attributed, double truth) =>
        truth == 0 ? (attributed == 0 ? 0 : double.PositiveInfinity) : (attributed - truth) / truth * 100;
}
