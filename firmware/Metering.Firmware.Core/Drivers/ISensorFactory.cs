using Metering.Protocol;

namespace Metering.Firmware.Core.Drivers
{
    /// <summary>Makes the sensor of a configured channel (the shell: a driver on the right bus and address).</summary>
    public interface ISensorFactory
    {
        /// <summary>The sensor for <paramref name="channel"/>, or null when this device cannot serve that kind or address.</summary>
        ISensor Create(ChannelConfig channel);
    }
}
