using System;
using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Platform
{
    /// <summary>The device services the core needs beyond time and storage: reboot, free heap, Wi-Fi signal strength.</summary>
    public sealed class EspPlatform : IPlatform
    {
        // On the ESP32, nanoFramework's System.Random ignores any seed and returns esp_random(), the hardware RNG
        // (nanoframework/nf-interpreter, targets/ESP32: CLR_RT_Random::Next and NextBytes).
        private readonly Random _random = new Random();

        /// <inheritdoc />
        public void Reboot()
        {
            nanoFramework.Runtime.Native.Power.RebootDevice();
        }

        /// <inheritdoc />
        /// <remarks>GC.Run(false) runs a (non-compacting) collection and returns the free managed heap: call it rarely (status only).</remarks>
        public long FreeHeapBytes()
        {
            // Fully qualified: System.GC (mscorlib) and nanoFramework.Runtime.Native.GC share a name.
            return nanoFramework.Runtime.Native.GC.Run(false);
        }

        /// <inheritdoc />
        /// <remarks>
        /// nanoFramework exposes no RSSI for the connected access point (nanoframework/Home#1632, open); a scan would
        /// interrupt the link. The status message then omits rssi_dbm.
        /// </remarks>
        public int RssiDbm()
        {
            return int.MinValue;
        }

        /// <inheritdoc />
        public void RandomBytes(byte[] buffer)
        {
            _random.NextBytes(buffer);
        }
    }
}
