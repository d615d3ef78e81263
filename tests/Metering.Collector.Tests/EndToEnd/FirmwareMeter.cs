using Metering.Firmware.Core;
using Metering.Firmware.Core.Session;
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
/// known exactly, and the MQTTnet link to a real broker. Time is simulated and synced two hours in the past (or left
/// unsynced, as after a boot with no network), so the test decides when windows close (stepped 10 ms at a time) and
/// waits, in real time, for the broker to acknowledge each window before going on: nothing is lost except what a
/// scenario loses on purpose. <see cref="NetworkDown"/> cuts the network: connections are refused until it is back.
/// </summary>
internal sealed class FirmwareMeter : IDisposable
{
    public const double PsuWatts = 1_450.0;
    public const double RailWatts = 300.0;
    private const long StepMicroseconds = 10_000;

    private readonly int _port;

    /// <summary>
    /// A meter with a PZEM-004T on channel 0 and an INA219 on channel 2 drawing <paramref name="loads"/> (default: constant
    /// <see cref="PsuWatts"/> and <see cref="RailWatts"/>); its clock synced two hours in the past, or unsynced.
    /// </summary>
    public FirmwareMeter(string device, int brokerPort, IReadOnlyDictionary<int, ILoadProfile>? loads = null, bool synced = true)
    {
        Device = device;
        _port = brokerPort;
        if (synced)
        {
            Clock.Sync(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds() / 10_000 * 10_000);
        }

        Sensors = new VirtualSensorFactory(Clock, new Dictionary<int, ILoadProfile>(loads ?? new Dictionary<int, ILoadProfile> { [0] = new ConstantLoad(PsuWatts), [2] = new ConstantLoad(RailWatts) }));
        Meter = new VirtualMeter(new MeterOptions { DeviceId = device, Password = "unused", RandomSeed = 11, ReconnectBaseMilliseconds = 50, ReconnectCapMilliseconds = 200 },
            Clock, Sensors, () => new SwitchedLink(new MqttNetLink("127.0.0.1", brokerPort), this));
    }

    /// <summary>While true, the meter's connection attempts fail, as with no Wi-Fi or no route to the broker.</summary>
    public bool NetworkDown { get; set; }

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

    /// <summary>Applies the config without a broker, as a meter restores the one it kept in flash.</summary>
    public void ConfigureOffline() => Assert.True(Meter.Runtime.ApplyConfig(System.Text.Encoding.UTF8.GetBytes(Config)), "the config is valid");

    /// <summary>Runs <paramref name="duration"/> of simulated time with the network down: every window stays queued.</summary>
    public void RunOffline(TimeSpan duration)
    {
        var end = Clock.MonotonicMicroseconds + (duration.Ticks / 10);
        while (Clock.MonotonicMicroseconds < end)
        {
            Meter.Tick();
            Clock.Advance(StepMicroseconds);
        }
    }

    /// <summary>
    /// The network is back: runs until the meter connects (its birth goes out), then, with time held still, until the
    /// broker has acknowledged every queued window, so the backlog reaches the collector at one instant of simulated time.
    /// </summary>
    public async Task ReconnectAsync()
    {
        NetworkDown = false;
        while (true)
        {
            Meter.Tick();
            if (Meter.Runtime.Session.Connected)
            {
                break;
            }

            Clock.Advance(StepMicroseconds);
        }

        await UntilAsync(() => Meter.Runtime.Queue.Count == 0, "the backlog to be acknowledged");
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

    /// <summary>The meter's MQTT link behind a switch: while the network is down, connecting fails.</summary>
    private sealed class SwitchedLink(MqttNetLink link, FirmwareMeter meter) : IMqttLink, IDisposable
    {
        public bool IsConnected => link.IsConnected;

        public void Attach(IMqttLinkEvents events) => link.Attach(events);

        public bool Connect(string clientId, string username, string password, string willTopic, byte[] willPayload) =>
            !meter.NetworkDown && link.Connect(clientId, username, password, willTopic, willPayload);

        public int Publish(string topic, byte[] payload, int offset, int count, bool retain) => link.Publish(topic, payload, offset, count, retain);

        public bool Subscribe(string topic) => link.Subscribe(topic);

        public void Disconnect() => link.Disconnect();

        public void Dispose() => link.Dispose();
    }
}
