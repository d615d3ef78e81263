using Metering.Protocol;

namespace Metering.Firmware.Core.Drivers
{
    /// <summary>Makes the sensor of a configured channel (the shell: a driver on the right bus and address).</summary>
    public interface ISensorFactory
    {
        /// <summary>
        /// The sensor for <paramref name="channel"/>, or null with <paramref name="problem"/> saying why this device cannot
        /// serve it (no bus for that kind, a shunt and current the INA219 cannot calibrate).
        /// </summary>
        ISensor Create(ChannelConfig channel, out string problem);
    }
}
