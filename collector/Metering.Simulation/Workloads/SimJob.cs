namespace Metering.Simulation.Workloads;

/// <summary>
/// A job of the world: it holds GPUs (by index) and cores on one node over [start, end) of the world's clock (µs
/// since its origin) and draws <see cref="Power"/> above their idle floor while it runs.
/// </summary>
/// <param name="Id">Job id, unique in the world.</param>
/// <param name="NodeId">The node it runs on.</param>
/// <param name="GpuIndices">GPUs it holds.</param>
/// <param name="Cores">CPU cores it holds.</param>
/// <param name="StartMicroseconds">Start, µs since the world's origin.</param>
/// <param name="EndMicroseconds">End (exclusive), µs since the world's origin; <see cref="long.MaxValue"/>: never ends.</param>
/// <param name="Power">What it draws above the idle floor of what it holds.</param>
public sealed record SimJob(string Id, string NodeId, IReadOnlyList<int> GpuIndices, int Cores, long StartMicroseconds, long EndMicroseconds, JobPower Power)
{
    /// <summary>Whether it runs at <paramref name="microseconds"/>.</summary>
    public bool RunsAt(long microseconds) => microseconds >= StartMicroseconds && microseconds < EndMicroseconds;

    /// <summary>Its position among its GPUs of GPU <paramref name="gpu"/>, or -1 when it does not hold it.</summary>
    public int PositionOf(int gpu)
    {
        for (var i = 0; i < GpuIndices.Count; i++)
        {
            if (GpuIndices[i] == gpu)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Dynamic DC power it draws at <paramref name="microseconds"/> (GPUs, cores, DRAM), W; 0 when it does not run.</summary>
    public double DynamicDcWatts(long microseconds)
    {
        if (!RunsAt(microseconds))
        {
            return 0;
        }

        var watts = (Cores * Power.CoreWatts.PowerWatts(microseconds)) + Power.DramWatts.PowerWatts(microseconds);
        for (var i = 0; i < GpuIndices.Count; i++)
        {
            watts += Power.GpuWatts(i).PowerWatts(microseconds);
        }

        return watts;
    }

    /// <summary>The first instant after <paramref name="microseconds"/> at which what it draws may change (its start, a change of power, its end).</summary>
    public long NextChangeMicroseconds(long microseconds) =>
        microseconds < StartMicroseconds ? StartMicroseconds
        : microseconds < EndMicroseconds ? Math.Min(EndMicroseconds, Power.NextChangeMicroseconds(microseconds))
        : long.MaxValue;
}
