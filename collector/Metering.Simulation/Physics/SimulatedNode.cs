using Metering.Simulation.Workloads;

namespace Metering.Simulation.Physics;

/// <summary>
/// One simulated node with its jobs, on the world's clock (µs since the world's origin). Each GPU draws its idle
/// board power plus the dynamic power of the job holding it; the CPU packages their idle power plus each job's power
/// per core held; DRAM its idle power plus each job's; the board a constant. The fans follow that heat
/// (<see cref="FanCurve"/>); the power supplies share the DC load (<see cref="NodeSpec.FeedShares"/>) and each draws
/// its share / efficiency at its load (<see cref="EfficiencyCurve"/>) from its AC feed. Every job's power holds
/// between change instants, so every quantity here, however non-linear, has an exact integral: the sum over the
/// pieces between consecutive changes (<see cref="Joules"/>).
/// </summary>
public sealed partial class SimulatedNode
{
    private readonly SimJob[] _jobs;

    /// <summary>The node <paramref name="spec"/> running <paramref name="jobs"/> (all of them on this node).</summary>
    /// <exception cref="ArgumentException">The spec is invalid, or a job names another node, a GPU it does not have, a GPU another job holds at the same time, or more cores than are free.</exception>
    public SimulatedNode(NodeSpec spec, IEnumerable<SimJob> jobs)
    {
        Spec = spec.Validate();
        _jobs = [.. jobs.OrderBy(j => j.StartMicroseconds).ThenBy(j => j.Id, StringComparer.Ordinal)];
        CheckJobs();
        IdleDcWatts = Spec.IdleHeatWatts + Spec.Fans.Watts(Spec.IdleHeatWatts, Spec.IdleHeatWatts);
        IdleFeedWatts = [.. Enumerable.Range(0, Spec.Feeds).Select(k => FeedAcWatts(k, IdleDcWatts))];
        IdleWallWatts = IdleFeedWatts.Sum();
    }

    /// <summary>The hardware.</summary>
    public NodeSpec Spec { get; }

    /// <summary>Node id.</summary>
    public string Id => Spec.NodeId;

    /// <summary>Its jobs, by start then id.</summary>
    public IReadOnlyList<SimJob> Jobs => _jobs;

    /// <summary>DC power with no job running (fans at idle speed included), W.</summary>
    public double IdleDcWatts { get; }

    /// <summary>AC power of each feed with no job running, W.</summary>
    public IReadOnlyList<double> IdleFeedWatts { get; }

    /// <summary>The idle floor: wall power with no job running, W.</summary>
    public double IdleWallWatts { get; }

    /// <summary>What every part draws at <paramref name="microseconds"/>.</summary>
    public NodePower PowerAt(long microseconds)
    {
        var (_, cpu, dram) = Components(microseconds);
        double[] gpus = [.. Enumerable.Range(0, Spec.Gpus).Select(g => GpuWatts(g, microseconds))];
        var heat = gpus.Sum() + cpu + dram + Spec.BoardWatts;
        var fan = Spec.Fans.Watts(heat, Spec.IdleHeatWatts);
        return new NodePower(gpus, cpu, dram, Spec.BoardWatts, fan, [.. Enumerable.Range(0, Spec.Feeds).Select(k => FeedAcWatts(k, heat + fan))]);
    }

    /// <summary>Board power of GPU <paramref name="gpu"/> (what its 12 V rail carries), W.</summary>
    public double GpuWatts(int gpu, long microseconds)
    {
        var watts = Spec.GpuIdleWatts;
        foreach (var job in _jobs)
        {
            if (job.StartMicroseconds > microseconds)
            {
                break;
            }

            if (job.RunsAt(microseconds) && job.PositionOf(gpu) is var position and >= 0)
            {
                watts += job.Power.GpuWatts(position).PowerWatts(microseconds);
            }
        }

        return watts;
    }

    /// <summary>AC power on feed <paramref name="feed"/>, W.</summary>
    public double FeedWatts(int feed, long microseconds) => FeedAcWatts(feed, DcWatts(microseconds));

    /// <summary>Wall power: every feed, W.</summary>
    public double WallWatts(long microseconds)
    {
        var dc = DcWatts(microseconds);
        double watts = 0;
        for (var k = 0; k < Spec.Feeds; k++)
        {
            watts += FeedAcWatts(k, dc);
        }

        return watts;
    }

    /// <summary>The first instant after <paramref name="microseconds"/> at which anything on the node may change.</summary>
    public long NextChangeMicroseconds(long microseconds)
    {
        var next = long.MaxValue;
        foreach (var job in _jobs)
        {
            if (job.StartMicroseconds >= next)
            {
                break;   // jobs are in start order: none after this one changes earlier
            }

            next = Math.Min(next, job.NextChangeMicroseconds(microseconds));
        }

        return next;
    }

    /// <summary>The first instant after <paramref name="microseconds"/> at which GPU <paramref name="gpu"/>'s board power may change.</summary>
    public long NextGpuChangeMicroseconds(int gpu, long microseconds)
    {
        var next = long.MaxValue;
        foreach (var job in _jobs)
        {
            if (job.PositionOf(gpu) >= 0)
            {
                next = Math.Min(next, job.NextChangeMicroseconds(microseconds));
            }
        }

        return next;
    }

    /// <summary>
    /// The exact integral over [from, to) of a quantity of this node that changes only where the node does, J (W x s):
    /// the quantity at the start of each piece between consecutive changes, times the piece's length.
    /// </summary>
    public double Joules(long fromMicroseconds, long toMicroseconds, Func<long, double> watts) =>
        Integrate(fromMicroseconds, toMicroseconds, watts, NextChangeMicroseconds);

    /// <summary>Exact energy on feed <paramref name="feed"/> over [from, to), J.</summary>
    public double FeedJoules(int feed, long fromMicroseconds, long toMicroseconds) => Joules(fromMicroseconds, toMicroseconds, t => FeedWatts(feed, t));

    /// <summary>Exact wall energy over [from, to), J.</summary>
    public double WallJoules(long fromMicroseconds, long toMicroseconds) => Joules(fromMicroseconds, toMicroseconds, WallWatts);

    /// <summary>Exact board energy of GPU <paramref name="gpu"/> over [from, to), J.</summary>
    public double GpuJoules(int gpu, long fromMicroseconds, long toMicroseconds) =>
        Integrate(fromMicroseconds, toMicroseconds, t => GpuWatts(gpu, t), t => NextGpuChangeMicroseconds(gpu, t));
}
