using Metering.Collector.Ingest;

namespace Metering.Collector.Tests.Intervals;

/// <summary>Builds accepted readings for interval tests: one PZEM-004T channel at ~350 W, 10 s windows on a synced clock unless told.</summary>
internal static class Readings
{
    public const string Device = "rack12-node07-a";

    public static AcceptedReading R(long boot, long seq, long epoch, long energyMj, long endMs, long windowMs = 10_000, string device = Device, int channel = 0,
        long life = 0, long? prevEpoch = null, long? prevEnergyMj = null, int? pMaxMw = 360_000, SensorKind kind = SensorKind.Pzem004t, long ratedMw = 0, long? deviceEndMs = null) =>
        new(
            device,
            channel,
            kind,
            boot,
            seq,
            epoch,
            energyMj,
            endMs - windowMs,
            endMs,
            TimeSource.Device,
            endMs + 150,
            10,
            0,
            pMaxMw is null ? null : 350_000,
            pMaxMw is null ? null : 340_000,
            pMaxMw,
            230_000,
            1_520)
        {
            Life = life,
            DeviceEndMs = deviceEndMs ?? endMs,
            PreviousEpoch = prevEpoch,
            PreviousEnergyMillijoules = prevEnergyMj,
            RatedMaxMilliwatts = ratedMw,
            ResolutionMillijoules = ChannelRatings.ResolutionMillijoules(kind),
        };
}
