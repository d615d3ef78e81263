using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests.Runtime;

/// <summary>
/// A boot with no network: the clock stays unsynced until SNTP answers, the windows queue, and each carries
/// <c>uptime_ms</c>, the monotonic uptime at its end, so the collector can place the backlog from the boot's start
/// (the contract's "Unsynced clocks").
/// </summary>
public sealed class UnsyncedClockTests
{
    private const string Config = """
        {"v":1,"device":"rack1-node1-a","rev":1,"window_s":10,"channels":[{"id":2,"kind":"ina219","addr":64,"shunt_uohm":1000,"max_ma":50000,"rate_hz":20}]}
        """;

    private static readonly long SyncedUtcMs = DateTimeOffset.Parse("2025-11-29T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    /// <summary>
    /// Boots offline, meters 95 s, then the network returns: SNTP syncs the clock, and the session's next try (its
    /// backoff reaches 60 s) connects and sends the backlog.
    /// </summary>
    private static MeterHarness OfflineBootThenNetwork()
    {
        var h = new MeterHarness((2, new ConstantLoad(300), false));
        h.Link.BrokerUp = false;
        h.Configure(Config);            // the config the device keeps in flash
        h.Run(TimeSpan.FromSeconds(95));
        h.Clock.Sync(SyncedUtcMs);
        h.Link.BrokerUp = true;
        h.Run(TimeSpan.FromSeconds(70));
        return h;
    }

    [Fact]
    public void Every_window_carries_its_uptime_which_is_the_unsynced_clock_less_its_origin_and_keeps_counting_after_the_sync()
    {
        var h = OfflineBootThenNetwork();

        var t = h.Link.Telemetry().ToList();
        var backlog = t.Where(m => !m.ClockSynced).ToList();
        var live = t.Where(m => m.ClockSynced).ToList();
        Assert.Equal(9, backlog.Count);
        Assert.NotEmpty(live);
        Assert.All(backlog, m => Assert.Equal(m.WindowEndMs - SimulatedClock.UnsyncedOriginMilliseconds, m.UptimeMs));
        Assert.Equal([10_000L, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000], backlog.Select(m => m.UptimeMs));
        // After the sync the uptime goes on from the boot while end_ms is UTC: the two differ by the boot's start.
        Assert.All(live, m => Assert.Equal(SyncedUtcMs - 95_000, m.WindowEndMs - m.UptimeMs));
    }

    [Fact]
    public void The_birth_at_reconnect_precedes_the_backlog_and_its_uptime_dates_the_boot()
    {
        var h = OfflineBootThenNetwork();

        var published = h.Link.Messages;
        var birth = published.FindIndex(m => m.Topic.EndsWith("/status", StringComparison.Ordinal));
        var firstWindow = published.FindIndex(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal));
        Assert.InRange(birth, 0, firstWindow - 1);
        var status = StatusCodec.Decode(published[birth].Payload, out _)!;
        Assert.InRange(status.UptimeSeconds, 95, h.Link.Telemetry().Last().UptimeMs / 1000);
    }

    [Fact]
    public void Events_carry_their_uptime_too()
    {
        var h = OfflineBootThenNetwork();

        var events = h.Link.Events().ToList();
        var boot = events.Single(e => e.Kind == EventKinds.Boot);
        var applied = events.Single(e => e.Kind == EventKinds.ConfigApplied);
        Assert.All([boot, applied], e => Assert.False(e.ClockSynced));
        Assert.All([boot, applied], e => Assert.Equal(e.TimeMs - SimulatedClock.UnsyncedOriginMilliseconds, e.UptimeMs));
    }
}
