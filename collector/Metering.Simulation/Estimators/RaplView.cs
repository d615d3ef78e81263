using Metering.Simulation.Physics;

namespace Metering.Simulation.Estimators;

/// <summary>
/// A node's CPU packages and DRAM as RAPL reports them (<see cref="RaplModel"/>): the packages' power (idle plus the
/// jobs' cores, a job's cores spread evenly over the sockets) and DRAM's, as wrapping µJ counters since the world's
/// origin. What RAPL never sees: the GPUs, the fans, the board and the power supplies' loss, which is where RAPL-based
/// estimators fall short of the wall.
/// </summary>
public sealed class RaplView(SimulatedNode node, RaplModel model)
{
    /// <summary>The vendor's behaviour.</summary>
    public RaplModel Model { get; } = model;

    /// <summary>Package domains (<c>package-0</c>, ...): one per socket.</summary>
    public int Packages => node.Spec.Sockets;

    /// <summary>Power of package <paramref name="socket"/> at the world's <paramref name="microseconds"/>, W.</summary>
    public double PackageWatts(int socket, long microseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(socket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(socket, Packages);
        var cores = node.Jobs.Where(j => j.RunsAt(microseconds)).Sum(j => j.Cores * j.Power.CoreWatts.PowerWatts(microseconds));
        return node.Spec.SocketIdleWatts + (cores / Packages);
    }

    /// <summary>Power of the DRAM domain, offset included, W.</summary>
    public double DramWatts(long microseconds) =>
        node.Spec.DramIdleWatts + node.Jobs.Where(j => j.RunsAt(microseconds)).Sum(j => j.Power.DramWatts.PowerWatts(microseconds)) + Model.DramOffsetWatts;

    /// <summary>Package <paramref name="socket"/>'s <c>energy_uj</c> at <paramref name="microseconds"/> (counting from the world's origin, wrapped), µJ.</summary>
    public long PackageEnergyMicrojoules(int socket, long microseconds) => Counter(node.Joules(0, microseconds, t => PackageWatts(socket, t)));

    /// <summary>The DRAM domain's <c>energy_uj</c> at <paramref name="microseconds"/>, µJ.</summary>
    public long DramEnergyMicrojoules(long microseconds) => Counter(node.Joules(0, microseconds, DramWatts));

    /// <summary>Energy between two readings of one counter, across at most one wrap, µJ (what a reader must do).</summary>
    public long Delta(long earlierMicrojoules, long laterMicrojoules) =>
        laterMicrojoules >= earlierMicrojoules ? laterMicrojoules - earlierMicrojoules : laterMicrojoules + Model.MaxEnergyRangeMicrojoules - earlierMicrojoules;

    private long Counter(double joules) => (long)Math.Floor(joules * 1e6) % Model.MaxEnergyRangeMicrojoules;
}
