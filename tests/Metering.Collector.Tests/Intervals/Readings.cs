using Metering.Collector.Ingest;

namespace Metering.Collector.Tests.Intervals;

/// <summary>Builds accepted readings for interval tests: one channel, 10 s windows unless told.</summary>
internal static class Readings
{
    public const string Device = "rack12-node07-a";

    public static AcceptedReading R(long boot, long seq, long epoch, long energyMj, long endMs, long windowMs = 10_000, string device = Device, int channel = 0) =>
        new(
            device,
            channel,
            SensorKind.Pzem004t,
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
            350_000,
            340_000,
            360_000,
            230_000,
            1_520);
}
