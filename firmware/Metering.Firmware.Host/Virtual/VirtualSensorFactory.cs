using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Core.Platform;
using Metering.Firmware.Host.Loads;
using Metering.Protocol;

namespace Metering.Firmware.Host.Virtual;

/// <summary>
/// The hardware of a virtual meter: a register-level INA219 per I2C address and a Modbus bus of PZEM-004T meters,
/// each measuring the load wired to its channel, reached through the real drivers exactly as the ESP32 shell does.
/// The devices outlive the firmware, so a reboot finds the PZEMs' energy registers where the load left them.
/// </summary>
public sealed class VirtualSensorFactory(IClock clock, IReadOnlyDictionary<int, ILoadProfile> loads) : ISensorFactory
{
    private readonly Dictionary<int, VirtualIna219> _ina219s = [];
    private readonly Lock _lock = new();

    /// <summary>The UART with every PZEM on it.</summary>
    public VirtualPzemBus PzemBus { get; } = new();

    /// <summary>The INA219 at an I2C address, once a config created it.</summary>
    public IReadOnlyDictionary<int, VirtualIna219> Ina219s => _ina219s;

    /// <inheritdoc />
    public ISensor? Create(ChannelConfig channel, out string? problem)
    {
        if (!loads.TryGetValue(channel.ChannelId, out var load))
        {
            problem = $"no load wired to channel {channel.ChannelId}";
            return null;
        }

        lock (_lock)
        {
            if (channel.Kind == SensorKind.Ina219)
            {
                if (!_ina219s.TryGetValue(channel.Address, out var device))
                {
                    device = _ina219s[channel.Address] = new VirtualIna219(load, clock, channel.ShuntMicroohms);
                }

                return SensorBuilder.Ina219(device, channel, out problem);
            }

            if (PzemBus.Meters.All(m => m.Address != channel.Address))
            {
                PzemBus.Add(new VirtualPzem((byte)channel.Address, load, clock));
            }

            problem = null;
            return SensorBuilder.Pzem(new PzemClient(PzemBus), channel);
        }
    }
}
