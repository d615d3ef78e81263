using System;
using System.Diagnostics;
using System.Threading;
using Metering.Firmware.Core;
using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Loops
{
    /// <summary>
    /// A timer that keeps the device honest: it runs the core's software watchdog, reboots (after saving the counters)
    /// when any one sampling loop or the service loop stops making progress, pulses the external watchdog's DONE line
    /// only when every sampling loop has completed a pass since the previous pulse, and blinks the status LED
    /// (1 Hz while the MQTT session is up, a short flash every 2 s while it is not; frozen when the timer is).
    /// </summary>
    public sealed class Supervisor
    {
        private readonly MeterRuntime _runtime;
        private readonly IPlatform _platform;
        private readonly IClock _clock;
        private readonly PassLoop[] _sampling;
        private readonly PassLoop _service;
        private readonly DigitalOutput _led;
        private readonly DigitalOutput _done;
        private readonly long _samplingStallMicroseconds;
        private readonly long _serviceStallMicroseconds;
        private readonly int[] _seen;
        private readonly int[] _atPulse;
        private readonly long[] _advancedAt;
        private int _serviceSeen;
        private long _serviceAdvancedAt;
        private int _ticks;
        private int _busy;
        private bool _rebooting;
        private Timer _timer;

        /// <summary>Watches the loops; reboots when a sampling loop stalls for <paramref name="samplingStallSeconds"/> or the service loop for <paramref name="serviceStallSeconds"/>.</summary>
        public Supervisor(MeterRuntime runtime, IPlatform platform, IClock clock, PassLoop[] sampling, PassLoop service,
            DigitalOutput led, DigitalOutput done, int samplingStallSeconds, int serviceStallSeconds)
        {
            _runtime = runtime;
            _platform = platform;
            _clock = clock;
            _sampling = sampling;
            _service = service;
            _led = led;
            _done = done;
            _samplingStallMicroseconds = samplingStallSeconds * 1000000L;
            _serviceStallMicroseconds = serviceStallSeconds * 1000000L;
            _seen = new int[sampling.Length];
            _atPulse = new int[sampling.Length];
            _advancedAt = new long[sampling.Length];
            long now = clock.MonotonicMicroseconds;
            for (int i = 0; i < sampling.Length; i++)
            {
                _seen[i] = sampling[i].Passes;
                _atPulse[i] = _seen[i];
                _advancedAt[i] = now;
            }

            _serviceSeen = service.Passes;
            _serviceAdvancedAt = now;
        }

        /// <summary>Starts ticking every <paramref name="periodMilliseconds"/>.</summary>
        public void Start(int periodMilliseconds)
        {
            // The field keeps the timer reachable: a collected Timer stops firing.
            _timer = new Timer(Tick, null, periodMilliseconds, periodMilliseconds);
        }

        private void Tick(object state)
        {
            // A tick that runs long (a save before a reboot) must not overlap the next one.
            if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            {
                return;
            }

            try
            {
                if (!_rebooting)
                {
                    Check();
                }
            }
            catch (Exception e)
            {
                Debug.WriteLine("supervisor: " + e.Message);
            }
            finally
            {
                Interlocked.Exchange(ref _busy, 0);
            }
        }

        private void Check()
        {
            // The core's watchdog: no SampleDue on any thread for WatchdogTimeoutSeconds saves and reboots.
            _runtime.Watchdog.Check();
            long now = _clock.MonotonicMicroseconds;
            bool everyLoopSincePulse = true;
            for (int i = 0; i < _sampling.Length; i++)
            {
                int passes = _sampling[i].Passes;
                if (passes != _seen[i])
                {
                    _seen[i] = passes;
                    _advancedAt[i] = now;
                }
                else if (now - _advancedAt[i] > _samplingStallMicroseconds)
                {
                    // The core's watchdog is fed by either sampling thread, so it cannot see one of them hang.
                    Reboot("loop '" + _sampling[i].Name + "' made no progress");
                    return;
                }

                everyLoopSincePulse &= passes != _atPulse[i];
            }

            int servicePasses = _service.Passes;
            if (servicePasses != _serviceSeen)
            {
                _serviceSeen = servicePasses;
                _serviceAdvancedAt = now;
            }
            else if (now - _serviceAdvancedAt > _serviceStallMicroseconds)
            {
                Reboot("service loop made no progress (blocked in a connection attempt?)");
                return;
            }

            if (everyLoopSincePulse && !_runtime.Watchdog.Fired)
            {
                _done.Pulse();
                for (int i = 0; i < _sampling.Length; i++)
                {
                    _atPulse[i] = _seen[i];
                }
            }

            Blink();
        }

        private void Blink()
        {
            _ticks++;
            bool connected = _runtime.Session != null && _runtime.Session.Connected;
            _led.Set(connected ? (_ticks & 1) == 0 : (_ticks & 3) == 0);
        }

        private void Reboot(string reason)
        {
            _rebooting = true;
            _led.Set(true);
            Debug.WriteLine("supervisor: " + reason + "; saving counters and rebooting");
            try
            {
                // Saves the counters with reset reason "watchdog", as the core's own watchdog does.
                _runtime.BeforeReboot();
            }
            catch (Exception)
            {
                // The reboot matters more than the save.
            }

            _platform.Reboot();
        }
    }
}
