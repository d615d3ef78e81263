using Metering.Firmware.Host.Loads;
using Metering.Protocol;

namespace Metering.Collector.Simulation;

/// <summary>
/// The simulated node each meter measures (README, "The node and its loads"), drawn from a seeded random mix:
/// a platform floor, a CPU load that steps on and off, and <see cref="GpusPerNode"/> GPUs whose 12 V rails idle
/// until a job runs and then draw a training-like square wave. The two PSU feeds share the node's wall power
/// (DC load / PSU efficiency); the first <c>rails</c> GPU rails are metered too. Every load has an exact integral.
/// </summary>
public static class NodeLoads
{
    /// <summary>GPUs in every simulated node.</summary>
    public const int GpusPerNode = 4;

    /// <summary>Channel id of the first PSU feed (PZEM-004T at Modbus address 1); the second is 1 at address 2.</summary>
    public const int FirstFeedChannel = 0;

    /// <summary>Channel id of the first metered GPU rail (INA219 at 0x40); rail k is channel 2 + k at 0x40 + k.</summary>
    public const int FirstRailChannel = 2;

    /// <summary>INA219 shunt on each rail: 0.5 mΩ, 25 mV at 50 A (inside the ±40 mV range of the lowest PGA gain).</summary>
    public const int RailShuntMicroohms = 500;

    /// <summary>Largest rail current the INA219 is calibrated for: 50 A, 600 W at 12 V.</summary>
    public const int RailMaxMilliamps = 50_000;

    private const long Second = 1_000_000;

    /// <summary>The loads of device <paramref name="index"/>, by channel id; the same seed and index give the same loads.</summary>
    public static IReadOnlyDictionary<int, ILoadProfile> For(int seed, int index, int rails)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        double Between(double low, double high) => low + (random.NextDouble() * (high - low));
        long Micros(double seconds) => (long)(seconds * Second);

        var platform = new ConstantLoad(Between(150, 300));
        var cpuPeriod = Micros(Between(300, 1800));
        var cpu = new GatedLoad(new ConstantLoad(Between(50, 200)), cpuPeriod, (long)(cpuPeriod * Between(0.2, 0.6)), Micros(Between(0, 1800)));

        // One job uses every GPU of the node: one gate for all rails, each GPU with its own step rhythm.
        var jobPeriod = Micros(Between(120, 600));
        var (jobOn, jobPhase) = ((long)(jobPeriod * Between(0.3, 0.8)), Micros(Between(0, 600)));
        var gpus = new ILoadProfile[GpusPerNode];
        for (var k = 0; k < GpusPerNode; k++)
        {
            var idle = Between(20, 40);
            var steps = new SquareWaveLoad(Between(60, 120) - idle, Between(250, 450) - idle, Micros(Between(0.2, 0.8)), Between(0.4, 0.8), Micros(Between(0, 1)));
            gpus[k] = new SumLoad(new ConstantLoad(idle), new GatedLoad(steps, jobPeriod, jobOn, jobPhase));
        }

        var wall = new ScaledLoad(new SumLoad([platform, cpu, .. gpus]), 1 / Between(0.90, 0.94));
        var share = Between(0.47, 0.53);
        var loads = new Dictionary<int, ILoadProfile>
        {
            [FirstFeedChannel] = new ScaledLoad(wall, share),
            [FirstFeedChannel + 1] = new ScaledLoad(wall, 1 - share),
        };
        for (var k = 0; k < rails; k++)
        {
            loads[FirstRailChannel + k] = gpus[k];
        }

        return loads;
    }

    /// <summary>The config a technician would write for this meter: both feeds, then the metered rails.</summary>
    public static ConfigMessage Config(string deviceId, int index, int rails, int windowSeconds)
    {
        var node = $"node{index + 1:D4}";
        var channels = new List<ChannelConfig>
        {
            new() { ChannelId = FirstFeedChannel, Kind = SensorKind.Pzem004t, Address = 1, Label = node + " psu1" },
            new() { ChannelId = FirstFeedChannel + 1, Kind = SensorKind.Pzem004t, Address = 2, Label = node + " psu2" },
        };
        for (var k = 0; k < rails; k++)
        {
            channels.Add(new ChannelConfig
            {
                ChannelId = FirstRailChannel + k,
                Kind = SensorKind.Ina219,
                Address = 0x40 + k,
                Label = $"{node} gpu{k} 12v",
                ShuntMicroohms = RailShuntMicroohms,
                MaxCurrentMilliamps = RailMaxMilliamps,
                BusRangeVolts = 16,
            });
        }

        return new ConfigMessage { DeviceId = deviceId, Rev = 1, WindowSeconds = windowSeconds, Channels = [.. channels] };
    }
}
