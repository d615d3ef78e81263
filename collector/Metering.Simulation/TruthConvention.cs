using Metering.Simulation.Physics;

namespace Metering.Simulation;

/// <summary>
/// How a node's wall energy belongs to its jobs, from the physics alone (README.md, "The truth"). At each instant:
/// <list type="bullet">
/// <item><b>Dynamic</b>: the wall power above the idle floor (jobs' GPUs, cores and DRAM, plus the fans' rise and the
/// supplies' extra loss they cause) is shared in proportion to each running job's own dynamic DC power.</item>
/// <item><b>Idle</b>: the idle floor is shared in proportion to the idle power of what each job holds (its GPUs' idle
/// board power, its cores' share of their packages' idle power) over that of everything a job can hold. So the idle
/// of a held part is its holder's, common idle (board, fans at idle, DRAM idle, the supplies' idle loss) follows the
/// held parts, and the share of parts nobody holds is <b>unallocated</b>.</item>
/// </list>
/// Both are integrated exactly, piece by piece between the node's changes. The collector's policy (reference watts,
/// its idle split) is neither called nor copied: it never sees this.
/// </summary>
public static class TruthConvention
{
    /// <summary>The truth of <paramref name="node"/> over [from, to) µs of the world's clock.</summary>
    public static NodeTruth Of(SimulatedNode node, long fromMicroseconds, long toMicroseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(toMicroseconds, fromMicroseconds);
        var jobs = node.Jobs.Where(j => j.StartMicroseconds < toMicroseconds && j.EndMicroseconds > fromMicroseconds).ToArray();
        // Shares of the idle floor: a node with nothing holdable idle (no GPU, sockets at 0 W) leaves it all unallocated.
        var held = jobs.Select(j => node.HoldableIdleWatts > 0 ? node.HeldIdleWatts(j) / node.HoldableIdleWatts : 0).ToArray();
        var (idle, dynamic, dynamicDc) = (new double[jobs.Length], new double[jobs.Length], new double[jobs.Length]);
        var own = new double[jobs.Length];
        double wall = 0, unallocated = 0;
        var floor = node.IdleWallWatts;
        for (var t = fromMicroseconds; t < toMicroseconds;)
        {
            var end = Math.Min(toMicroseconds, node.NextChangeMicroseconds(t));
            var seconds = (end - t) / 1e6;
            var watts = node.WallWatts(t);
            double heldNow = 0, ownNow = 0;
            for (var j = 0; j < jobs.Length; j++)
            {
                var runs = jobs[j].RunsAt(t);
                own[j] = runs ? jobs[j].DynamicDcWatts(t) : 0;
                heldNow += runs ? held[j] : 0;
                ownNow += own[j];
                if (runs)
                {
                    idle[j] += floor * held[j] * seconds;
                }
            }

            for (var j = 0; j < jobs.Length; j++)
            {
                dynamic[j] += ownNow > 0 ? (watts - floor) * own[j] / ownNow * seconds : 0;
                dynamicDc[j] += own[j] * seconds;
            }

            wall += watts * seconds;
            unallocated += ((floor * (1 - heldNow)) + (ownNow > 0 ? 0 : watts - floor)) * seconds;
            t = end;
        }

        var truth = jobs.Select((j, k) => new JobTruth(j.Id, node.Id, idle[k], dynamic[k], dynamicDc[k])).ToDictionary(j => j.JobId, StringComparer.Ordinal);
        return new NodeTruth(node.Id, wall, floor * (toMicroseconds - fromMicroseconds) / 1e6, unallocated, truth);
    }
}
