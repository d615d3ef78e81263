using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Protocol;
using Ina219Driver = Metering.Firmware.Core.Drivers.Ina219.Ina219;

namespace Metering.Firmware.Core.Drivers
{
    /// <summary>
    /// Turns a config channel into a driver-backed sensor on a bus the platform provides; shared by the ESP32 shell and
    /// the host's virtual meters so both apply config the same way.
    /// </summary>
    public static class SensorBuilder
    {
        /// <summary>
        /// An INA219 sensor on <paramref name="bus"/> with the channel's shunt, maximum current, bus range and averaging;
        /// null with <paramref name="problem"/> when the chip cannot be calibrated for them.
        /// </summary>
        public static ISensor Ina219(IRegisterBus bus, ChannelConfig channel, out string problem)
        {
            problem = null;
            try
            {
                Ina219BusRange range = channel.EffectiveBusRangeVolts == 16 ? Ina219BusRange.Volts16 : Ina219BusRange.Volts32;
                var driver = new Ina219Driver(bus, channel.ShuntMicroohms, channel.MaxCurrentMilliamps, range, Ina219Adc.FromAverageCount(channel.EffectiveAdcAverage));
                return new Ina219Sensor(driver);
            }
            catch (System.ArgumentException e)
            {
                problem = "INA219 at " + channel.Address.ToString() + ": " + e.Message;
                return null;
            }
        }

        /// <summary>A PZEM-004T sensor for the channel's Modbus address on the shared <paramref name="client"/>.</summary>
        public static ISensor Pzem(PzemClient client, ChannelConfig channel)
        {
            return new PzemSensor(client, (byte)channel.Address);
        }
    }
}
