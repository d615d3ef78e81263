// Reference surface of nanoFramework.Hardware.Esp32, taken from nanoframework/nanoFramework.Hardware.Esp32 at v1.6.37 (nanoFramework.Hardware.Esp32/Configuration.cs, DeviceTypePins.cs, HighResTimer.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Device functions a pin can take; the values of DeviceTypePins.cs (type 0x10000, index 0x100).</summary>
    public enum DeviceFunction
    {
        /// <summary>I2C1 data.</summary>
        I2C1_DATA = 0x20100,
        /// <summary>I2C1 clock.</summary>
        I2C1_CLOCK = 0x20101,
        /// <summary>COM2 transmit.</summary>
        COM2_TX = 0x30200,
        /// <summary>COM2 receive.</summary>
        COM2_RX = 0x30201,
    }

    /// <summary>Pin configuration.</summary>
    public class Configuration
    {
        /// <summary>Assigns <paramref name="value"/> to <paramref name="pin"/>.</summary>
        public static void SetPinFunction(int pin, DeviceFunction value) { throw new NotImplementedException(); }

        /// <summary>The pin of a function.</summary>
        public static int GetFunctionPin(DeviceFunction function) { throw new NotImplementedException(); }
    }

    /// <summary>The ESP-IDF high-resolution timer.</summary>
    public class HighResTimer : IDisposable
    {
        /// <summary>Microseconds since boot.</summary>
        public static ulong GetCurrent() { throw new NotImplementedException(); }

        /// <summary>Releases the timer.</summary>
        public void Dispose() { throw new NotImplementedException(); }
    }
}
