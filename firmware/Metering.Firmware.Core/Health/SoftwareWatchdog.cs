using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Core.Health
{
    /// <summary>
    /// nanoFramework has no managed hardware watchdog on the ESP32, so the firmware watches itself: the sampling loop
    /// feeds this on every pass, and a separate timer thread checks it. When sampling has not advanced for the timeout,
    /// the watchdog runs its last act (save the counters, note the reason) and reboots through the platform.
    /// An external hardware watchdog (hardware/) is the fallback for a hung runtime.
    /// </summary>
    public sealed class SoftwareWatchdog
    {
        private readonly IClock _clock;
        private readonly IPlatform _platform;
        private readonly long _timeoutMicroseconds;
        private readonly object _lock = new object();
        private long _lastFeed;

        /// <summary>Creates a watchdog that fires after <paramref name="timeoutSeconds"/> without a feed.</summary>
        public SoftwareWatchdog(IClock clock, IPlatform platform, int timeoutSeconds)
        {
            if (timeoutSeconds < 5) throw new System.ArgumentOutOfRangeException("timeoutSeconds", "at least 5 s");
            _clock = clock;
            _platform = platform;
            _timeoutMicroseconds = timeoutSeconds * 1000000L;
            _lastFeed = clock.MonotonicMicroseconds;
        }

        /// <summary>Runs just before the reboot (the runtime saves its counters with the reason "watchdog").</summary>
        public ILastAct LastAct { get; set; }

        /// <summary>True once the watchdog has fired.</summary>
        public bool Fired { get; private set; }

        /// <summary>Called by the sampling loop on every pass.</summary>
        public void Feed()
        {
            long now = _clock.MonotonicMicroseconds;
            lock (_lock)
            {
                _lastFeed = now;
            }
        }

        /// <summary>Called from a timer thread; reboots when sampling stalled. True when it fired.</summary>
        public bool Check()
        {
            long last;
            lock (_lock)
            {
                last = _lastFeed;
            }

            if (Fired || _clock.MonotonicMicroseconds - last <= _timeoutMicroseconds)
            {
                return false;
            }

            Fired = true;
            ILastAct act = LastAct;
            if (act != null)
            {
                try
                {
                    act.BeforeReboot();
                }
                catch (System.Exception)
                {
                    // The reboot matters more than the save: a stalled device must come back.
                }
            }

            _platform.Reboot();
            return true;
        }
    }

    /// <summary>What to do just before a watchdog reboot.</summary>
    public interface ILastAct
    {
        /// <summary>Saves what can be saved.</summary>
        void BeforeReboot();
    }
}
