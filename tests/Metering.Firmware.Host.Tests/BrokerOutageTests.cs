using Metering.Firmware.Core;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Mqtt;
using Metering.Firmware.Host.Virtual;
using Metering.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Metering.Firmware.Host.Tests;

/// <summary>
/// End to end with a real mosquitto: a virtual meter running the real firmware core and drivers (a register-level
/// INA219 and a Modbus PZEM-004T) publishes telemetry that
/// decodes under the contract; the broker is stopped for 30 s and restarted; the windows queued meanwhile arrive in
/// order and the counters show no lost energy.
/// </summary>
public sealed class BrokerOutageTests
{
    private const string Device = "e2e-meter-1";
    private const double PsuWatts = 1450.0;
    private const double RailWatts = 310.0;

    private static async Task PublishRetainedAsync(int port, string topic, string payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("technician").Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
    }

    private static VirtualMeter Meter(int port, IClockSource clock) => new(
        new MeterOptions { DeviceId = Device, Password = "unused", RandomSeed = 7, ReconnectBaseMilliseconds = 200, ReconnectCapMilliseconds = 2000 },
        clock.Clock,
        new VirtualSensorFactory(clock.Clock, new Dictionary<int, ILoadProfile> { [0] = new ConstantLoad(PsuWatts), [2] = new ConstantLoad(RailWatts) }),
        () => new MqttNetLink("127.0.0.1", port));

    private interface IClockSource
    {
        Core.Platform.IClock Clock { get; }
    }

    private sealed class RealTime : IClockSource
    {
        public Core.Platform.IClock Clock { get; } = new SystemClock();
    }

    private static List<TelemetryMessage> Telemetry(MqttRecorder r) =>
        r.Messages.Where(m => m.Topic == Topics.For(Device, MessageKind.Telemetry)).Select(m =>
        {
            var t = TelemetryCodec.Decode(m.Payload, out var error);
            Assert.True(t is not null, $"telemetry must decode under the contract: {error}");
            return t;
        }).ToList();

    [Fact]
    public async Task Windows_queued_during_a_30_second_broker_outage_arrive_in_order_with_no_energy_lost()
    {
        using var broker = MosquittoServer.Start();
        await PublishRetainedAsync(broker.Port, Topics.For(Device, MessageKind.Config),
            """{"v":1,"device":"e2e-meter-1","rev":3,"window_s":1,"channels":[{"id":0,"kind":"pzem004t","addr":1},{"id":2,"kind":"ina219","addr":64,"shunt_uohm":1000,"max_ma":50000}]}""");
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry", "metering/v1/+/event", "metering/v1/+/status");
        using var meter = Meter(broker.Port, new RealTime());
        meter.StartLoop();

        await recorder.WaitForAsync(m => Telemetry(recorder).Count >= 5, TimeSpan.FromSeconds(30), "5 windows before the outage");
        broker.Stop();
        var stoppedAt = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(30));
        Assert.True(meter.Runtime.Queue.Count >= 25, $"windows wait in store-and-forward while the broker is down (have {meter.Runtime.Queue.Count})");
        broker.Restart();
        await recorder.ConnectAsync();
        var lastQueued = meter.Runtime.WindowsClosed + 2;
        await recorder.WaitForAsync(m => Telemetry(recorder).Any(t => t.Sequence >= lastQueued), TimeSpan.FromSeconds(60), $"window {lastQueued} after the restart");

        var windows = Telemetry(recorder);
        var distinct = windows.DistinctBy(t => (t.Boot, t.Sequence)).ToList();
        Assert.Equal(distinct.Select(t => t.Sequence).Order(), distinct.Select(t => t.Sequence));
        Assert.Equal(Enumerable.Range(0, distinct.Count).Select(i => (long)i), distinct.Select(t => t.Sequence));
        Assert.Equal(0, meter.Runtime.Queue.Dropped);
        Assert.True(distinct.Count(t => DateTimeOffset.FromUnixTimeMilliseconds(t.WindowEndMs).UtcDateTime > stoppedAt
            && DateTimeOffset.FromUnixTimeMilliseconds(t.WindowEndMs).UtcDateTime < stoppedAt.AddSeconds(29)) >= 25, "the outage's windows arrived");

        var first = distinct[0];
        var last = distinct[^1];
        var seconds = (last.WindowEndMs - first.WindowEndMs) / 1000.0;
        var rail = (last.Channels[1].EnergyMillijoules - first.Channels[1].EnergyMillijoules) / 1000.0;
        var psu = (last.Channels[0].EnergyMillijoules - first.Channels[0].EnergyMillijoules) / 1000.0;
        Assert.InRange(rail / (RailWatts * seconds), 0.99, 1.01);
        Assert.InRange(psu - (PsuWatts * seconds), -3 * 3600, 2 * 3600);
        Assert.All(distinct, t => Assert.True(t.ClockSynced));
        Assert.All(distinct.Zip(distinct.Skip(1)), p => Assert.True(p.Second.Channels[1].EnergyMillijoules >= p.First.Channels[1].EnergyMillijoules));
    }

    [Fact]
    public async Task A_meter_that_loses_power_is_announced_offline_by_its_retained_last_will()
    {
        using var broker = MosquittoServer.Start();
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/status");
        using var meter = Meter(broker.Port, new RealTime());
        meter.StartLoop();
        await recorder.WaitForAsync(m => m.Any(x => StatusCodec.Decode(x.Payload, out _)?.State == DeviceState.Online), TimeSpan.FromSeconds(20), "the birth");

        meter.PowerOff();

        await recorder.WaitForAsync(m => m.Any(x => StatusCodec.Decode(x.Payload, out _)?.State == DeviceState.Offline), TimeSpan.FromSeconds(40), "the last will (keep-alive 15 s x 1.5)");
        var will = StatusCodec.Decode(recorder.Messages.Last().Payload, out _)!;
        Assert.Equal((Device, 1L), (will.DeviceId, will.Boot));
    }
}
