using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Ingest;
using static Metering.Collector.Tests.Ingest.UnsyncedPlacementTests;

namespace Metering.Collector.Tests.Ingest;

/// <summary>
/// Whatever the statuses' and windows' travel times and arrival order, an unsynced window with its uptime lands between
/// the instant it was measured and the instant it arrived: every bound on the boot's start is at or after the true start.
/// </summary>
public sealed class UnsyncedPlacementPropertyTests
{
    private const long B = 1_764_403_000_000;

    /// <summary>One message of the boot: a status or a window, sent at its true uptime (ms), delayed by its travel.</summary>
    private sealed record Sent(bool Status, long UptimeMs, long DelayMs);

    private static readonly Gen<Sent> OneSent =
        from status in Gen.Elements(true, false, false)
        from uptime in Gen.Choose(10, 86_400).Select(s => (s * 1000L) + 137)
        from delay in Gen.OneOf(Gen.Choose(0, 500), Gen.Choose(0, 3_600_000))
        select new Sent(status, uptime, delay);

    [Property(MaxTest = 300)]
    public Property An_unsynced_window_lands_between_its_measurement_and_its_arrival() =>
        Prop.ForAll(OneSent.ListOf().ToArbitrary(), script =>
        {
            var ingestor = new TelemetryIngestor(new TimePlacement());
            var sent = script.OrderBy(s => s.UptimeMs).Select((s, seq) => (s, Seq: (long)seq)).ToList();
            foreach (var (s, seq) in sent.OrderBy(x => x.s.UptimeMs + x.s.DelayMs))
            {
                var received = B + s.UptimeMs + s.DelayMs;
                if (s.Status)
                {
                    ingestor.Ingest(Topic("status"), Status(1, 43, s.UptimeMs / 1000), received);
                    continue;
                }

                var outcome = ingestor.Ingest(Topic("telemetry"), Window(1, 43, seq, s.UptimeMs, synced: false, withUptime: true), received);
                if (outcome.Result == IngestResult.Telemetry)
                {
                    Assert.InRange(outcome.Readings[0].EndMs, B + s.UptimeMs, received);
                }
            }
        });
}
