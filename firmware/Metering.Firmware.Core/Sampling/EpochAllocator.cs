using System.Threading;

namespace Metering.Firmware.Core.Sampling
{
    /// <summary>
    /// Hands out counter epochs that are never reused by a device: boot x 65536 + a sequence within the boot. The boot
    /// counter is saved at every start, so even an epoch change that never reached flash cannot repeat after a reboot.
    /// </summary>
    public sealed class EpochAllocator
    {
        /// <summary>Epochs per boot before the sequence would spill into the next boot's range.</summary>
        public const int PerBoot = 65536;

        private readonly long _boot;
        private int _next;

        /// <summary>Creates the allocator for boot number <paramref name="boot"/>.</summary>
        public EpochAllocator(long boot)
        {
            _boot = boot;
        }

        /// <summary>A fresh epoch. After 65,535 in one boot the last one repeats (documented; it needs a sensor outage per minute for 45 days).</summary>
        public long Next()
        {
            int n = Interlocked.Increment(ref _next);
            if (n >= PerBoot)
            {
                n = PerBoot - 1;
            }

            return (_boot * PerBoot) + n;
        }
    }
}
