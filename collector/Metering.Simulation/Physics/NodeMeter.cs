using Metering.Firmware.Host.Loads;
using Metering.Protocol;

namespace Metering.Simulation.Physics;

/// <summary>
/// How a simulated node is metered by its one device: channel k &lt; feeds is a PZEM-004T on AC feed k (Modbus address
/// k + 1), the next channels INA219s on the 12 V rails of the first GPUs (0x40 + GPU, 0.5 mΩ shunt, 50 A, 16 V range).
/// </summary>
public static class NodeMeter
{
    /// <summary>Channel id of the first PSU feed; feed k is channel k.</summary>
    public const int FirstFeedChannel = 0;

    /// <summary>INA219 shunt on each rail: 0.5 mΩ, 25 mV at 50 A (inside the ±40 mV range of the lowest PGA gain).</summary>
    public const int RailShuntMicroohms = 500;

    /// <summary>Largest rail current the INA219 is calibrated for: 50 A, 600 W at 12 V.</summary>
    public const int RailMaxMilliamps = 50_000;

    /// <summary>Channel id of GPU <paramref name="gpu"/>'s rail on a node with <paramref name="feeds"/> feeds.</summary>
    public static int RailChannel(int feeds, int gpu) => feeds + gpu;

    /// <summary>
    /// The config a technician would write for the node's meter: every feed, then the rails of GPUs 0..rails-1, each
    /// channel labelled by <paramref name="label"/>(channel id).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More rails than the node has GPUs.</exception>
    public static ConfigMessage Config(NodeSpec spec, string deviceId, int rails, int windowSeconds, Func<int, string> label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rails);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rails, spec.Gpus);
        var channels = Enumerable.Range(0, spec.Feeds)
            .Select(k => new ChannelConfig { ChannelId = FirstFeedChannel + k, Kind = SensorKind.Pzem004t, Address = k + 1, Label = label(FirstFeedChannel + k) })
            .Concat(Enumerable.Range(0, rails).Select(g => new ChannelConfig
            {
                ChannelId = RailChannel(spec.Feeds, g),
                Kind = SensorKind.Ina219,
                Address = 0x40 + g,
                Label = label(RailChannel(spec.Feeds, g)),
                ShuntMicroohms = RailShuntMicroohms,
                MaxCurrentMilliamps = RailMaxMilliamps,
                BusRangeVolts = 16,
            }));
        return new ConfigMessage { DeviceId = deviceId, Rev = 1, WindowSeconds = windowSeconds, Channels = [.. channels] };
    }

    /// <summary>
    /// What the node's meter measures, by channel id, on a clock whose microsecond m is the world's m +
    /// <paramref name="shift"/>() (null while the world has no origin yet: the node then draws its idle floor).
    /// </summary>
    public static IReadOnlyDictionary<int, ILoadProfile> Loads(SimulatedNode node, int rails, Func<long?> shift)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rails, node.Spec.Gpus);
        var loads = new Dictionary<int, ILoadProfile>();
        for (var k = 0; k < node.Spec.Feeds; k++)
        {
            var feed = k;
            loads[FirstFeedChannel + k] = new NodeChannelLoad(node.IdleFeedWatts[k], t => node.FeedWatts(feed, t), node.NextChangeMicroseconds, shift);
        }

        for (var g = 0; g < rails; g++)
        {
            var gpu = g;
            loads[RailChannel(node.Spec.Feeds, g)] = new NodeChannelLoad(node.Spec.GpuIdleWatts, t => node.GpuWatts(gpu, t), t => node.NextGpuChangeMicroseconds(gpu, t), shift);
        }

        return loads;
    }

    /// <summary>One measured quantity of a node (a feed, a rail) on a meter's clock, with exact energy.</summary>
    private sealed class NodeChannelLoad(double idleWatts, Func<long, double> watts, Func<long, long> next, Func<long?> shift) : IStepLoad
    {
        public double PowerWatts(long microseconds) => shift() is { } s ? watts(microseconds + s) : idleWatts;

        public long NextChangeMicroseconds(long microseconds) =>
            shift() is { } s && next(microseconds + s) is var n && n != long.MaxValue ? n - s : long.MaxValue;

        public double EnergyJoules(long fromMicroseconds, long toMicroseconds) => shift() is { } s
            ? SimulatedNode.Integrate(fromMicroseconds + s, toMicroseconds + s, watts, next)
            : idleWatts * (toMicroseconds - fromMicroseconds) / 1e6;
    }
}
