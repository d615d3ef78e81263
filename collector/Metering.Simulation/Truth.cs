namespace Metering.Simulation;

/// <summary>A job's true energy over a range, J, by the world's convention (<see cref="TruthConvention"/>).</summary>
/// <param name="JobId">The job.</param>
/// <param name="NodeId">Its node.</param>
/// <param name="IdleJoules">Its share of the node's idle floor: the idle of what it holds, with common idle shared by held idle power, J.</param>
/// <param name="DynamicJoules">Its share of the wall power above the idle floor, by its own dynamic DC power, J.</param>
/// <param name="DynamicDcJoules">The dynamic DC energy it drew itself (GPUs, cores, DRAM), before fans and supply losses, J.</param>
public sealed record JobTruth(string JobId, string NodeId, double IdleJoules, double DynamicJoules, double DynamicDcJoules)
{
    /// <summary>Idle share + dynamic share, J.</summary>
    public double Joules => IdleJoules + DynamicJoules;
}

/// <summary>A node's true energy over a range, J: its wall energy and where it went.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="WallJoules">What its feeds carried, J: what exact meters measure.</param>
/// <param name="IdleFloorJoules">Its idle floor over the range, J.</param>
/// <param name="UnallocatedJoules">Idle floor no job held, J (plus, where no job drew dynamic power, any wall power above the floor: none in practice).</param>
/// <param name="Jobs">The jobs that ran on it in the range, by id.</param>
public sealed record NodeTruth(string NodeId, double WallJoules, double IdleFloorJoules, double UnallocatedJoules, IReadOnlyDictionary<string, JobTruth> Jobs)
{
    /// <summary>Jobs' energy + unallocated - wall, J: 0 up to rounding, by construction.</summary>
    public double RemainderJoules => Jobs.Values.Sum(j => j.Joules) + UnallocatedJoules - WallJoules;
}
