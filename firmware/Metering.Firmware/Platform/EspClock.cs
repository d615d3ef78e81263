using System;
using System.Threading;
using Metering.Firmware.Core.Platform;
using nanoFramework.Hardware.Esp32;

namespace Metering.Firmware.Platform
{
    /// <summary>
    /// Time on the ESP32: monotonic microseconds from the ESP-IDF high-resolution timer (never stepped by SNTP), and
    /// UTC from the SNTP-set system clock. Allocates nothing.
    /// </summary>
    public sealed class EspClock : IClock
    {
        /// <summary>DateTime ticks (100 ns since 0001-01-01, as nanoFramework's DateTime.Ticks reports them) at 1970-01-01.</summary>
        private const long UnixEpochTicks = 621355968000000000L;

        private const long TicksPerMillisecond = 10000;

        /// <summary>
        /// 2024-01-01T00:00:00Z in Unix milliseconds. A clock past this was set by SNTP in this boot or kept across a
        /// software reset by the ESP32's RTC after an earlier sync; before the first sync after power-up the system
        /// clock reads about 1970 or 2000.
        /// </summary>
        private const long SyncedAfterUnixMilliseconds = 1704067200000L;

        private int _synced;

        /// <inheritdoc />
        public long MonotonicMicroseconds
        {
            // HighResTimer.GetCurrent is esp_timer_get_time: microseconds since boot, 64-bit, never wraps in practice.
            get { return (long)HighResTimer.GetCurrent(); }
        }

        /// <inheritdoc />
        public long UtcMilliseconds
        {
            get
            {
                long unixMs = (DateTime.UtcNow.Ticks - UnixEpochTicks) / TicksPerMillisecond;

                // A clock before 1970 (nanoFramework's origin is 1601) would give negative window times, which the
                // wire contract rejects: until synced, milliseconds since boot are as good an arbitrary origin.
                return unixMs >= 0 ? unixMs : MonotonicMicroseconds / 1000;
            }
        }

        /// <inheritdoc />
        public bool IsSynced
        {
            get
            {
                if (_synced != 0)
                {
                    return true;
                }

                if (UtcMilliseconds >= SyncedAfterUnixMilliseconds)
                {
                    Interlocked.Exchange(ref _synced, 1);
                    return true;
                }

                return false;
            }
        }
    }
}
