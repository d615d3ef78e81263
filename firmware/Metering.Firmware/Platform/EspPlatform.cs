using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Platform
{
    /// <summary>The device services the core needs beyond time and storage: reboot, free heap, Wi-Fi signal strength.</summary>
    public sealed class EspPlatform : IPlatform
    {
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
    }
}
