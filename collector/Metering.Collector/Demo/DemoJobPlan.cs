namespace Metering.Collector.Demo;

/// <summary>
/// A job of the demo's schedule, relative to the run's origin (not yet on a clock): who ran it and for what, where
/// (node, GPU indices, cores), when (offset and duration, ms) and its true dynamic power at the wall for each second of
/// its run (second k covers [start + k s, start + (k + 1) s), the benchmark scenarios' convention).
/// </summary>
/// <param name="Key">Short name, unique in the schedule (<c>pretrain</c>, <c>batch-03</c>); the job id adds the run's time.</param>
/// <param name="Name">Human name.</param>
/// <param name="Project">Project it is charged to.</param>
/// <param name="Model">Model trained or served.</param>
/// <param name="Purpose">training, fine-tuning, inference, evaluation.</param>
/// <param name="User">Who ran it.</param>
/// <param name="NodeIndex">Index of its node in the site.</param>
/// <param name="GpuIndices">GPUs it holds on the node.</param>
/// <param name="Cores">CPU cores it holds.</param>
/// <param name="StartOffsetMs">Start, ms after the run's origin.</param>
/// <param name="DurationMs">Run time, ms (at least 1).</param>
/// <param name="SecondWatts">True dynamic wall power for each started second of its run, W.</param>
internal sealed record DemoJobPlan(
    string Key,
    string Name,
    string Project,
    string Model,
    string Purpose,
    string User,
    int NodeIndex,
    int[] GpuIndices,
    int Cores,
    long StartOffsetMs,
    long DurationMs,
    double[] SecondWatts)
{
    /// <summary>End, ms after the origin.</summary>
    public long EndOffsetMs => StartOffsetMs + DurationMs;

    /// <summary>Dynamic wall power at <paramref name="offsetMicroseconds"/> after the origin, W (0 outside the run).</summary>
    public double WattsAt(long offsetMicroseconds)
    {
        var fromStart = offsetMicroseconds - (StartOffsetMs * 1000);
        return fromStart >= 0 && offsetMicroseconds < EndOffsetMs * 1000 ? SecondWatts[fromStart / 1_000_000] : 0;
    }

    /// <summary>Exact dynamic energy over [from, to) (µs after the origin), J.</summary>
    public double DynamicJoules(long fromOffsetMicroseconds, long toOffsetMicroseconds)
    {
        var start = StartOffsetMs * 1000;
        double joules = 0;
        for (long t = Math.Max(fromOffsetMicroseconds, start), end = Math.Min(toOffsetMicroseconds, EndOffsetMs * 1000); t < end;)
        {
            var k = (t - start) / 1_000_000;
            var next = Math.Min(end, start + ((k + 1) * 1_000_000));
            joules += SecondWatts[k] * (next - t) / 1e6;
            t = next;
        }

        return joules;
    }
}
