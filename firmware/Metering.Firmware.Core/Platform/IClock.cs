namespace Metering.Firmware.Core.Platform
{
    /// <summary>
    /// Time as the firmware sees it. The ESP32 shell uses the high-resolution timer for the monotonic clock and
    /// SNTP-set DateTime for UTC; tests use a simulated clock they advance by hand.
    /// </summary>
    public interface IClock
    {
        /// <summary>Microseconds since boot; never goes backwards, never jumps with SNTP. Energy integrates on this.</summary>
        long MonotonicMicroseconds { get; }

        /// <summary>Milliseconds since the Unix epoch, UTC, as the device clock says (arbitrary origin until synced).</summary>
        long UtcMilliseconds { get; }

        /// <summary>True once SNTP has set the clock.</summary>
        bool IsSynced { get; }
    }
}
