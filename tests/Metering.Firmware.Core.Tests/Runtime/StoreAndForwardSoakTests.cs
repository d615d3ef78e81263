using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests.Runtime;

/// <summary>
/// Store-and-forward on a healthy link for a whole simulated day: acknowledgements arrive both inside Publish (before
/// it returns the message id, as M2Mqtt's receive thread can) and later, for telemetry, the periodic status and a
/// steady trickle of events, and the message ids wrap past 65535. Nothing may stall and no window may be dropped.
/// </summary>
public sealed class StoreAndForwardSoakTests
{
    private const string Config = """
        {"v":1,"device":"rack1-node1-a","rev":1,"window_s":10,"channels":[
          {"id":2,"kind":"ina219","addr":64,"shunt_uohm":1000,"max_ma":50000,"rate_hz":20},
          {"id":3,"kind":"ina219","addr":65,"shunt_uohm":1000,"max_ma":50000,"rate_hz":20}]}
        """;

    private const long Step = 50_000;
    private const long Day = 24L * 3600 * MeterHarness.Second;

    [Fact]
    public void A_day_with_acks_inside_and_after_publish_and_status_and_events_on_drops_no_window()
    {
        var h = new MeterHarness((2, new ConstantLoad(300), false), (3, new ConstantLoad(150), false));
        h.Configure(Config);
        h.Link.NextId = 60_000;
        h.Link.AckInsidePublish = p => p.Id % 3 != 0;

        for (var t = 0L; t < Day; t += Step)
        {
            // A one-second sensor outage every two minutes: a sensor_fault and a sensor_recovered event each time.
            h.Sensors[3].FailWith = t / MeterHarness.Second % 120 == 0 ? "nack" : null;
            h.Meter.Tick();
            h.Link.AckAll();
            h.Clock.Advance(Step);
        }

        var telemetry = h.Link.Telemetry().Select(m => m.Sequence).ToList();
        var status = h.Link.Messages.Count(m => m.Topic.EndsWith("/status", StringComparison.Ordinal));
        var events = h.Link.Events().Count();
        Assert.Equal(0, h.Meter.Queue.Dropped);
        Assert.Equal(Enumerable.Range(0, telemetry.Count).Select(i => (long)i), telemetry);
        Assert.InRange(h.Meter.WindowsClosed, 8_639, 8_641);
        Assert.InRange(telemetry.Count, h.Meter.WindowsClosed - 1, h.Meter.WindowsClosed);
        Assert.InRange(h.Meter.Queue.Count, 0, 1);
        Assert.True(status >= 1_400, $"{status} status messages");
        Assert.True(events >= 1_400, $"{events} events");
        Assert.True(h.Link.Messages.Count > 65_535 - 60_000, "the message ids wrapped");
        Assert.Equal(0, h.Meter.Session.Reconnects);
    }
}
