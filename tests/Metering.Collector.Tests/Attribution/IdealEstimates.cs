using Metering.Collector.Jobs;
using Metering.Simulation;
using Metering.Simulation.Workloads;

namespace Metering.Collector.Tests.Attribution;

/// <summary>
/// The ideal estimator, for tests that measure the stage's split alone: for each second of a job's run, its true
/// dynamic power at the wall in that second (the world's truth), without noise. No production code hands the
/// collector the truth; the scenarios take this as their <c>estimator</c>.
/// </summary>
internal static class IdealEstimates
{
    /// <summary>A <see cref="Bench.ScenarioEstimator"/> (the seed is not used: there is no noise).</summary>
    public static IEnumerable<PowerEstimate> Of(World world, SimJob job, int seed)
    {
        var (start, end) = (world.UtcMillisecondsAt(job.StartMicroseconds), world.UtcMillisecondsAt(job.EndMicroseconds));
        for (var from = start; from < end; from += 1000)
        {
            var to = Math.Min(end, from + 1000);
            yield return new PowerEstimate(job.Id, job.NodeId, from, to, world.Truth(job.NodeId, from, to).Jobs[job.Id].DynamicJoules * 1000 / (to - from));
        }
    }
}
