using Metering.Simulation.Workloads;

namespace Metering.Simulation.Physics;

/// <summary>The node's parts summed, the supplies' conversion, idle shares, and the piecewise integral.</summary>
public sealed partial class SimulatedNode
{
    /// <summary>Idle power of everything a job can hold: every GPU's idle board power and every socket's idle package power, W.</summary>
    public double HoldableIdleWatts => (Spec.Gpus * Spec.GpuIdleWatts) + (Spec.Sockets * Spec.SocketIdleWatts);

    /// <summary>Idle power of what <paramref name="job"/> holds: its GPUs' idle board power and its cores' share of their packages' idle power, W.</summary>
    public double HeldIdleWatts(SimJob job) => (job.GpuIndices.Count * Spec.GpuIdleWatts) + (job.Cores * Spec.SocketIdleWatts / Spec.CoresPerSocket);

    /// <summary>DC power the supplies deliver at <paramref name="microseconds"/>, fans included, W.</summary>
    public double DcWatts(long microseconds)
    {
        var (gpu, cpu, dram) = Components(microseconds);
        var heat = gpu + cpu + dram + Spec.BoardWatts;
        return heat + Spec.Fans.Watts(heat, Spec.IdleHeatWatts);
    }

    /// <summary>AC power of feed <paramref name="feed"/> when the supplies deliver <paramref name="dcWatts"/> in all: its share / efficiency at its load, W.</summary>
    public double FeedAcWatts(int feed, double dcWatts)
    {
        var share = Spec.FeedShares[feed] * dcWatts;
        return share / Spec.PsuCurve.At(share / Spec.PsuRatedWatts);
    }

    /// <summary>The integral of <paramref name="watts"/> over [from, to), piece by piece between the changes <paramref name="next"/> gives, J.</summary>
    /// <exception cref="InvalidOperationException">A change instant that does not advance (a step load that breaks its contract).</exception>
    public static double Integrate(long fromMicroseconds, long toMicroseconds, Func<long, double> watts, Func<long, long> next)
    {
        double joules = 0;
        for (var t = fromMicroseconds; t < toMicroseconds;)
        {
            var end = Math.Min(toMicroseconds, next(t));
            if (end <= t)
            {
                throw new InvalidOperationException($"the next change after {t} µs is {end} µs: it must come later");
            }

            joules += watts(t) * (end - t) / 1e6;
            t = end;
        }

        return joules;
    }

    /// <summary>GPUs' board power, CPU packages and DRAM at <paramref name="microseconds"/>, W.</summary>
    private (double Gpu, double Cpu, double Dram) Components(long microseconds)
    {
        var gpu = Spec.Gpus * Spec.GpuIdleWatts;
        var cpu = Spec.Sockets * Spec.SocketIdleWatts;
        var dram = Spec.DramIdleWatts;
        foreach (var job in _jobs)
        {
            if (job.StartMicroseconds > microseconds)
            {
                break;
            }

            if (job.RunsAt(microseconds))
            {
                for (var i = 0; i < job.GpuIndices.Count; i++)
                {
                    gpu += job.Power.GpuWatts(i).PowerWatts(microseconds);
                }

                cpu += job.Cores * job.Power.CoreWatts.PowerWatts(microseconds);
                dram += job.Power.DramWatts.PowerWatts(microseconds);
            }
        }

        return (gpu, cpu, dram);
    }

    private void CheckJobs()
    {
        foreach (var job in _jobs)
        {
            Require(job.NodeId == Spec.NodeId, job, $"runs on {job.NodeId}, not on {Spec.NodeId}");
            Require(job.EndMicroseconds > job.StartMicroseconds, job, "must end after it starts");
            Require(job.GpuIndices.All(g => g >= 0 && g < Spec.Gpus) && job.GpuIndices.Distinct().Count() == job.GpuIndices.Count, job, $"must hold distinct GPUs of 0..{Spec.Gpus - 1}");
            Require(job.Power.GpuLoads == 1 || job.Power.GpuLoads == job.GpuIndices.Count, job, "needs one GPU load, or one per GPU it holds");
            Require(job.Cores >= 0, job, "must not hold negative cores");
            var running = _jobs.Where(o => o.RunsAt(job.StartMicroseconds)).ToList();
            Require(running.Sum(o => o.Cores) <= Spec.Cores, job, $"starts when the running jobs would hold more than the node's {Spec.Cores} cores");
            var other = running.FirstOrDefault(o => o != job && o.GpuIndices.Intersect(job.GpuIndices).Any());
            Require(other is null, job, $"holds a GPU that {other?.Id} holds at the same time");
        }
    }

    private static void Require(bool condition, SimJob job, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"job {job.Id} {message}", "jobs");
        }
    }
}
