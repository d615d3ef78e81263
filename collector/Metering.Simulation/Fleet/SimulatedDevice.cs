using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Protocol;

namespace Metering.Simulation.Fleet;

/// <summary>
/// One meter of the fleet: its id, password, config, the loads wired to its channels (the truth), and once the fleet
/// started, the <see cref="VirtualMeter"/> running the real firmware core over virtual sensors.
/// </summary>
public sealed class SimulatedDevice
{
    private readonly FleetClock _clock;

    internal SimulatedDevice(int index, string deviceId, string? password, IReadOnlyDictionary<int, ILoadProfile> loads, ConfigMessage config, FleetClock clock)
    {
        (Index, DeviceId, Password, Loads, Config, _clock) = (index, deviceId, password, loads, config, clock);
        ConfigPayload = ConfigCodec.Encode(config);
    }

    /// <summary>Position in the fleet, from 0.</summary>
    public int Index { get; }

    /// <summary>Device id: MQTT username and client id.</summary>
    public string DeviceId { get; }

    /// <summary>MQTT password, or null (anonymous broker).</summary>
    public string? Password { get; }

    /// <summary>The load on each channel, by channel id: what an ideal meter would measure.</summary>
    public IReadOnlyDictionary<int, ILoadProfile> Loads { get; }

    /// <summary>The config published for this device.</summary>
    public ConfigMessage Config { get; }

    /// <summary>The config as published (canonical JSON).</summary>
    public byte[] ConfigPayload { get; }

    /// <summary>The running meter; null before the fleet started.</summary>
    public VirtualMeter? Meter { get; internal set; }

    /// <summary>Exact energy in joules on <paramref name="channelId"/> between two instants of the fleet's monotonic clock.</summary>
    public double TruthJoules(int channelId, long fromMonotonicMicroseconds, long toMonotonicMicroseconds) =>
        Loads.TryGetValue(channelId, out var load)
            ? load.EnergyJoules(fromMonotonicMicroseconds, toMonotonicMicroseconds)
            : throw new ArgumentOutOfRangeException(nameof(channelId), channelId, $"{DeviceId} has no channel {channelId}");

    /// <summary>
    /// Exact energy in joules on <paramref name="channelId"/> between two device timestamps (ms since the Unix epoch,
    /// as in telemetry's start_ms and end_ms): compare it with the difference of two counter readings.
    /// </summary>
    public double TruthJoulesBetweenUtc(int channelId, long fromUtcMilliseconds, long toUtcMilliseconds) =>
        TruthJoules(channelId, _clock.MonotonicAtUtc(fromUtcMilliseconds), _clock.MonotonicAtUtc(toUtcMilliseconds));
}
