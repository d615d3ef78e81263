using Metering.Firmware.Host.Loads;

namespace Metering.Collector.Demo;

/// <summary>
/// A constant draw plus scheduled jobs' dynamic power, each times a factor, on the fleet clock's monotonic
/// microseconds: what a demo node's wall (factor 1) or one GPU rail (the job's DC share per GPU) carries. The jobs
/// draw nothing until the <see cref="DemoScenario"/> is anchored (an origin is set in the future, so no past
/// answer changes). Energy is exact: each job's per-second watts integrated over the range.
/// </summary>
internal sealed class ScheduledPowerLoad(DemoScenario scenario, long fleetStartUtcMilliseconds, double constantWatts, IReadOnlyList<(DemoJobPlan Job, double Factor)> parts) : ILoadProfile
{
    /// <inheritdoc />
    public double PowerWatts(long microseconds)
    {
        var watts = constantWatts;
        if (scenario.OriginMs is { } origin)
        {
            var offset = OffsetMicroseconds(microseconds, origin);
            foreach (var (job, factor) in parts)
            {
                watts += factor * job.WattsAt(offset);
            }
        }

        return watts;
    }

    /// <inheritdoc />
    public double EnergyJoules(long fromMicroseconds, long toMicroseconds)
    {
        var joules = constantWatts * (toMicroseconds - fromMicroseconds) / 1e6;
        if (scenario.OriginMs is { } origin)
        {
            var (from, to) = (OffsetMicroseconds(fromMicroseconds, origin), OffsetMicroseconds(toMicroseconds, origin));
            foreach (var (job, factor) in parts)
            {
                joules += factor * job.DynamicJoules(from, to);
            }
        }

        return joules;
    }

    // The fleet clock reads UTC = its start + monotonic time, so this instant is origin + offset on the UTC timeline.
    private long OffsetMicroseconds(long monotonicMicroseconds, long originMs) => monotonicMicroseconds + ((fleetStartUtcMilliseconds - originMs) * 1000);
}
