// Reference surface of System.Device.Gpio, taken from nanoframework/System.Device.Gpio at v1.1.57 (System.Device.Gpio/GpioController.cs, GpioPin.cs, PinMode.cs, PinValue.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.Device.Gpio
{
    /// <summary>Pin modes.</summary>
    public enum PinMode
    {
        /// <summary>Input.</summary>
        Input,
        /// <summary>Input with pull-down.</summary>
        InputPullDown,
        /// <summary>Input with pull-up.</summary>
        InputPullUp,
        /// <summary>Push-pull output.</summary>
        Output,
        /// <summary>Open-drain output.</summary>
        OutputOpenDrain,
        /// <summary>Open-drain output with pull-up.</summary>
        OutputOpenDrainPullUp,
        /// <summary>Open-source output.</summary>
        OutputOpenSource,
        /// <summary>Open-source output with pull-down.</summary>
        OutputOpenSourcePullDown,
    }

    /// <summary>A pin level.</summary>
    public readonly struct PinValue
    {
        /// <summary>High.</summary>
        public static PinValue High { get { throw new NotImplementedException(); } }

        /// <summary>Low.</summary>
        public static PinValue Low { get { throw new NotImplementedException(); } }

        /// <summary>0 is low, anything else high.</summary>
        public static implicit operator PinValue(int value) { throw new NotImplementedException(); }

        /// <summary>True is high.</summary>
        public static implicit operator PinValue(bool value) { throw new NotImplementedException(); }
    }

    /// <summary>An open pin.</summary>
    public sealed class GpioPin : IDisposable
    {
        /// <summary>Releases the pin.</summary>
        public void Dispose() { throw new NotImplementedException(); }
    }

    /// <summary>The GPIO controller.</summary>
    public sealed class GpioController : IDisposable
    {
        /// <summary>The controller with logical numbering.</summary>
        public GpioController() { throw new NotImplementedException(); }

        /// <summary>Opens a pin.</summary>
        public GpioPin OpenPin(int pinNumber) { throw new NotImplementedException(); }

        /// <summary>Opens a pin in <paramref name="mode"/>.</summary>
        public GpioPin OpenPin(int pinNumber, PinMode mode) { throw new NotImplementedException(); }

        /// <summary>Reads a pin.</summary>
        public PinValue Read(int pinNumber) { throw new NotImplementedException(); }

        /// <summary>Drives a pin.</summary>
        public void Write(int pinNumber, PinValue value) { throw new NotImplementedException(); }

        /// <summary>Releases every pin.</summary>
        public void Dispose() { throw new NotImplementedException(); }
    }
}
