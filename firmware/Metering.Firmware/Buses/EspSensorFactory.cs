using System;
using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Protocol;
using nanoFramework.Hardware.Esp32;

namespace Metering.Firmware.Buses
{
    /// <summary>
    /// Makes the sensor of a configured channel on this board's buses: an INA219 driver over one I2cRegisterBus per
    /// address on I2C1, or a PZEM-004T sensor on the single PzemClient that owns COM2. Buses are opened on first use
    /// and kept for the life of the firmware, so a new config reuses them. Called from the service thread; the
    /// sensors it returns are used only by the sampling thread of their kind.
    /// </summary>
    public sealed class EspSensorFactory : ISensorFactory
    {
        private const int MaxI2cAddress = 0x7F;
        private readonly object _lock = new object();
        private readonly I2cRegisterBus[] _i2cBuses = new I2cRegisterBus[MaxI2cAddress + 1];
        private bool _i2cPinsSet;
        private PzemClient _pzem;
        private string _uartProblem;

        /// <inheritdoc />
        public ISensor Create(ChannelConfig channel, out string problem)
        {
            lock (_lock)
            {
                if (channel.Kind == SensorKind.Ina219)
                {
                    IRegisterBus bus = I2cBus(channel.Address, out problem);
                    return bus == null ? null : SensorBuilder.Ina219(bus, channel, out problem);
                }

                if (channel.Kind == SensorKind.Pzem004t)
                {
                    PzemClient client = Pzem(out problem);
                    return client == null ? null : SensorBuilder.Pzem(client, channel);
                }

                problem = "this firmware has no driver for sensor kind " + ((int)channel.Kind).ToString();
                return null;
            }
        }

        private IRegisterBus I2cBus(int address, out string problem)
        {
            problem = null;
            if (address < 0 || address > MaxI2cAddress)
            {
                problem = "I2C address " + address.ToString() + " is not a 7-bit address";
                return null;
            }

            if (_i2cBuses[address] != null)
            {
                return _i2cBuses[address];
            }

            try
            {
                if (!_i2cPinsSet)
                {
                    Configuration.SetPinFunction(Pins.I2cData, DeviceFunction.I2C1_DATA);
                    Configuration.SetPinFunction(Pins.I2cClock, DeviceFunction.I2C1_CLOCK);
                    _i2cPinsSet = true;
                }

                _i2cBuses[address] = new I2cRegisterBus(Pins.I2cBusId, address);
                return _i2cBuses[address];
            }
            catch (Exception e)
            {
                problem = "I2C1 (SDA GPIO" + Pins.I2cData.ToString() + ", SCL GPIO" + Pins.I2cClock.ToString()
                    + ") is not available for address " + address.ToString() + ": " + e.Message;
                return null;
            }
        }

        private PzemClient Pzem(out string problem)
        {
            problem = _uartProblem;
            if (_pzem != null || _uartProblem != null)
            {
                return _pzem;
            }

            try
            {
                _pzem = new PzemClient(new UartPort(Pins.PzemRx, Pins.PzemTx, Pins.PzemBaud));
                return _pzem;
            }
            catch (Exception e)
            {
                // Not retried: a SerialPort that failed to open still holds COM2, so only a reboot frees it.
                _uartProblem = UartPort.PortName + " (RX GPIO" + Pins.PzemRx.ToString() + ", TX GPIO" + Pins.PzemTx.ToString()
                    + ") could not be opened until the next reboot: " + e.Message;
                problem = _uartProblem;
                return null;
            }
        }
    }
}
