using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;
using Metering.Firmware.Core.Tests.Fakes;

namespace Metering.Firmware.Core.Tests.Runtime;

/// <summary>A meter on a simulated clock with ideal sensors, a fake broker and in-memory flash; reboots keep the flash.</summary>
internal sealed class MeterHarness
{
    public const string Device = "rack1-node1-a";
    public const long Second = 1_000_000;

    private readonly Dictionary<int, (ILoadProfile Load, bool Register)> _loads = [];

    public MeterHarness(params (int Channel, ILoadProfile Load, bool Register)[] loads)
    {
        foreach (var (channel, load, register) in loads)
        {
            _loads[channel] = (load, register);
        }

        Boot();
    }

    public SimulatedClock Clock { get; } = new();
    public InMemoryStorage Storage { get; } = new();
    public FakeMqttLink Link { get; private set; } = new();
    public HostPlatform Platform { get; private set; } = new();
    public MeterRuntime Meter { get; private set; } = null!;
    public Dictionary<int, ProfileSensor> Sensors { get; } = [];
    public List<FakeMqttLink> PreviousLinks { get; } = [];

    /// <summary>Starts (or restarts, keeping flash and the clock) the firmware.</summary>
    public void Boot()
    {
        if (Meter is not null)
        {
            PreviousLinks.Add(Link);
            Link = new FakeMqttLink();
            Platform = new HostPlatform();
        }

        Meter = new MeterRuntime(new MeterOptions { DeviceId = Device, Password = "pw", QueueBudgetBytes = 8 * 1024, RandomSeed = 3 },
            Clock, Storage, Link, new Factory(this), Platform);
        Meter.Start();
    }

    public void Configure(string json)
    {
        Link.Deliver(Topics.For(Device, MessageKind.Config), System.Text.Encoding.UTF8.GetBytes(json));
        Meter.Service();
    }

    public void Run(TimeSpan duration, long stepMicroseconds = 10_000)
    {
        var end = Clock.MonotonicMicroseconds + (duration.Ticks / 10);
        while (Clock.MonotonicMicroseconds < end)
        {
            Meter.Tick();
            Clock.Advance(stepMicroseconds);
        }
    }

    public IEnumerable<FakeMqttLink> AllLinks => PreviousLinks.Append(Link);

    private sealed class Factory(MeterHarness h) : ISensorFactory
    {
        public ISensor? Create(ChannelConfig channel, out string? problem)
        {
            problem = null;
            if (!h._loads.TryGetValue(channel.ChannelId, out var l))
            {
                problem = $"nothing wired to channel {channel.ChannelId}";
                return null;
            }

            var volts = channel.Kind == SensorKind.Pzem004t ? 230.0 : 12.0;
            return h.Sensors[channel.ChannelId] = new ProfileSensor(l.Load, h.Clock, volts, l.Register);
        }
    }
}
