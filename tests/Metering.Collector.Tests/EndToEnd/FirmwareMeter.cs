using Metering.Firmware.Core;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Mqtt;
using Metering.Firmware.Host.Virtual;
using MQTTnet;
using MQTTnet.Protocol;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// One virtual meter built straight from Firmware.Host: the real firmware core (<see cref="MeterRuntime"/> inside a
/// <see cref="VirtualMeter"/>), a register-level INA219 and a Modbus PZEM-004T measuring constant loads whose energy is
/// known exactly, and the MQTTnet link to a real broker. Time is simulated and synced two hours in the past, so the
/// test decides when windows close (stepped 10 ms at a time) and waits, in real time, for the broker to acknowledge each
/// window before going on: nothing is lost except what a scenario loses on purpose.
/// </summary>
internal sealed class FirmwareMeter : IDisposable
{
    public const double PsuWatts = 1_450.0;
    public const double RailWatts = 300.0;
    private const long StepMicroseconds = 10_000;

    private readonly int _port;

    public FirmwareMeter(string device, int brokerPort)
    {
        Device = device;
        _port = brokerPort;
        Clock.Sync(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds() / 10_000 * 10_000);
        Sensors = new VirtualSensorFactory(Clock, new Dictionary<int, ILoadProfile> { [0] = new ConstantLoad(PsuWatts), [2] = new ConstantLoad(RailWatts) });
        Meter = new VirtualMeter(new MeterOptions { DeviceId = device, Password = "unused", RandomSeed = 11, ReconnectBaseMilliseconds = 50, ReconnectCapMilliseconds = 200 },
            Clock, Sensors, () => new MqttNetLink("127.0.0.1", brokerPort));
    }

    public string Device { get; }

    public SimulatedClock Clock { get; } = new();

    public VirtualSensorFactory Sensors { get; }

    public VirtualMeter Meter { get; }

    /// <summary>
    /// The config: a PZEM-004T on channel 0 and an INA219 on channel 2 whose 1 mOhm shunt and 32.768 A range give a
    /// 1 mA current LSB, so 300 W at 12 V (25 A) is read without rounding.
    /// </summary>
    public string Config => $$"""{"v":1,"device":"{{Device}}","rev":1,"window_s":10,"channels":[{"id":0,"kind":"pzem004t","addr":1},{"id":2,"kind":"ina219","addr":64,"shunt_uohm":1000,"max_ma":32768,"bus_range_v":16}]}""";

    /// <summary>Publishes the config retained, as a technician does, and runs until the firmware has applied it.</summary>
    public async Task ConfigureAsync()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithClientId("technician").Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.For(Device, MessageKind.Config)).WithPayload(Config)
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
        await UntilAsync(() => Meter.Runtime.Config is not null, "the config to be applied");
    }

    /// <summary>Runs <paramref name="duration"/> of simulated time; after each window, waits until the broker acknowledged it.</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        var end = Clock.MonotonicMicroseconds + (duration.Ticks / 10);
        while (Clock.MonotonicMicroseconds < end)
        {
            var closed = Meter.Runtime.WindowsClosed;
            Meter.Tick();
            Clock.Advance(StepMicroseconds);
            if (Meter.Runtime.WindowsClosed != closed)
            {
                await UntilAsync(() => Meter.Runtime.Queue.Count == 0, $"window {Meter.Runtime.WindowsClosed} of boot {Meter.Runtime.Boot} to be acknowledged");
            }
        }
    }

    /// <summary>The PZEM-004T's energy register goes back to 0 by itself while the firmware runs.</summary>
    public void ResetPzemRegister() => Sensors.PzemBus.Meters.Single().ResetEnergySpontaneously();

    /// <summary>
    /// Time the INA219 channel was not metered, µs: after each reboot, from the restart until its first conversion
    /// (the firmware integrates from its first sample of a boot; the counter saved before the reboot covers the rest).
    /// </summary>
    public long RailUnmeteredMicroseconds { get; private set; }

    /// <summary>A clean reboot: the firmware saves its counters, the ESP32 restarts at once (flash kept, RAM lost).</summary>
    public async Task RebootAsync()
    {
        Meter.Runtime.BeforeReboot();
        var rebootAt = Clock.MonotonicMicroseconds;
        Meter.Reboot();
        await UntilAsync(() => Meter.Runtime.Session.Connected, "the reconnection after the reboot");
        var rail = Meter.Runtime.Samplers.Single(x => x.Config.ChannelId == 2);
        while (rail.Window.Samples == 0)
        {
            var at = Clock.MonotonicMicroseconds;
            Meter.Tick();
            if (rail.Window.Samples > 0)
            {
                RailUnmeteredMicroseconds += at - rebootAt;
            }

            Clock.Advance(StepMicroseconds);
        }
    }

    /// <summary>A board swapped in under the same device id: no saved state (no counters, no config), boots from 1.</summary>
    public async Task ReplaceBoardAsync()
    {
        ((InMemoryStorage)Meter.Storage).Erase();
        Meter.Reboot();
        await UntilAsync(() => Meter.Runtime.Config is not null, "the new board to take the retained config");
    }

    /// <summary>Ticks without moving time (MQTT and config work only) until <paramref name="condition"/> holds.</summary>
    private async Task UntilAsync(Func<bool> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
            Meter.Runtime.Service();
            await Task.Delay(5);
        }
    }

    public void Dispose() => Meter.Dispose();
}
