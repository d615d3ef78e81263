using System;
using System.Device.Gpio;
using System.Diagnostics;

namespace Metering.Firmware.Loops
{
    /// <summary>
    /// One GPIO driven as a push-pull output: the status LED or the external watchdog's DONE line. A pin that cannot be
    /// opened is reported once and then ignored: an LED must never stop the meter.
    /// </summary>
    public sealed class DigitalOutput
    {
        private readonly GpioController _gpio;
        private readonly int _pin;
        private readonly bool _usable;
        private bool _high;

        /// <summary>Opens <paramref name="pin"/> as an output and drives it low.</summary>
        public DigitalOutput(GpioController gpio, int pin)
        {
            _gpio = gpio;
            _pin = pin;
            try
            {
                // Newer System.Device.Gpio versions return the GpioPin; the controller's Write is enough here.
                _gpio.OpenPin(pin, PinMode.Output);
                _gpio.Write(pin, PinValue.Low);
                _usable = true;
            }
            catch (Exception e)
            {
                Debug.WriteLine("GPIO" + pin.ToString() + " cannot be used as an output: " + e.Message);
            }
        }

        /// <summary>Drives the pin high or low (no call when it is already there).</summary>
        public void Set(bool high)
        {
            if (_usable && high != _high)
            {
                _gpio.Write(_pin, high ? PinValue.High : PinValue.Low);
                _high = high;
            }
        }

        /// <summary>A high pulse of a few microseconds (the TPL5010 needs 100 ns on DONE).</summary>
        public void Pulse()
        {
            if (_usable)
            {
                _gpio.Write(_pin, PinValue.High);
                _gpio.Write(_pin, PinValue.Low);
                _high = false;
            }
        }
    }
}
