using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Platform;
using Metering.Firmware.Host.Loads;
using Metering.Protocol;

namespace Metering.Firmware.Host.Virtual;

/// <summary>Ideal sensors per channel id, for tests that exercise everything but the drivers.</summary>
public sealed class ProfileSensorFactory(IClock clock, IReadOnlyDictionary<int, ILoadProfile> loads) : ISensorFactory
{
    /// <inheritdoc />
    public ISensor? Create(ChannelConfig channel, out string? problem)
    {
        problem = loads.ContainsKey(channel.ChannelId) ? null : $"no load wired to channel {channel.ChannelId}";
        return problem is null
            ? new ProfileSensor(loads[channel.ChannelId], clock, channel.Kind == SensorKind.Pzem004t ? 230.0 : 12.0, channel.Kind == SensorKind.Pzem004t)
            : null;
    }
}
