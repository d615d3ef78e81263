using Metering.Firmware.Core.Drivers;
using Metering.Protocol;

namespace Metering.Firmware.Core.Sampling
{
    /// <summary>
    /// One channel: samples its sensor on schedule, applies the calibration, integrates power into the energy counter
    /// (trapezoids on the monotonic clock), keeps the window statistics and, for PZEM channels, follows the meter's
    /// own energy register. Safe to sample from one thread while another closes windows. Allocates nothing per sample.
    /// </summary>
    public sealed class ChannelSampler
    {
        /// <summary>Consecutive failed reads after which the channel reports a fault.</summary>
        public const int FaultAfterErrors = 3;

        private readonly object _lock = new object();
        private readonly ISensor _sensor;
        private readonly PowerSample _sample = new PowerSample();
        private readonly EpochAllocator _epochs;
        private readonly long _periodMicroseconds;
        private readonly long _maxBridgeMicroseconds;
        private long _lastMicroseconds = -1;
        private long _lastPowerMilliwatts;
        private int _consecutiveErrors;

        /// <summary>Creates the sampler of <paramref name="config"/> reading <paramref name="sensor"/>.</summary>
        public ChannelSampler(ChannelConfig config, ISensor sensor, EpochAllocator epochs)
        {
            Config = config;
            _sensor = sensor;
            _epochs = epochs;
            _periodMicroseconds = 1000000 / config.EffectiveRateHz;
            long fivePeriods = 5 * _periodMicroseconds;
            _maxBridgeMicroseconds = config.Kind == SensorKind.Pzem004t ? 5000000 : (fivePeriods > 1000000 ? fivePeriods : 1000000);
            Counter = new EnergyCounter();
            Window = new WindowStats();
            Follower = config.Kind == SensorKind.Pzem004t ? new RegisterFollower() : null;
        }

        /// <summary>The channel's configuration.</summary>
        public ChannelConfig Config { get; private set; }

        /// <summary>The energy counter (guarded by this sampler; read it through <see cref="CloseWindow"/>).</summary>
        public EnergyCounter Counter { get; private set; }

        /// <summary>The current window's statistics.</summary>
        public WindowStats Window { get; private set; }

        /// <summary>The register follower of a PZEM channel; null for INA219.</summary>
        public RegisterFollower Follower { get; private set; }

        /// <summary>When the next sample is due, on the monotonic clock in microseconds.</summary>
        public long NextDueMicroseconds { get; private set; }

        /// <summary>Failed reads since boot.</summary>
        public long ErrorsSinceBoot { get; private set; }

        /// <summary>The current fault token after <see cref="FaultAfterErrors"/> consecutive failures; null when healthy.</summary>
        public string Fault { get; private set; }

        /// <summary>The fault last reported in an event (the service loop's bookkeeping).</summary>
        public string ReportedFault { get; set; }

        /// <summary>The last failure's token, even before it counts as a fault.</summary>
        public string LastError { get; private set; }

        /// <summary>Set when the PZEM register went backwards since the flag was last taken.</summary>
        public bool CounterResetSeen { get; set; }

        /// <summary>Set when this sampler started a new epoch since the flag was last taken (a long gap on an INA219).</summary>
        public bool EpochStartedSeen { get; set; }

        /// <summary>When set, the next good PZEM sample resumes the restored band (see <see cref="RegisterFollower.ResumeAfterReboot"/>).</summary>
        public bool ResumePending { get; set; }

        /// <summary>Samples if due at <paramref name="nowMicroseconds"/>; true when it sampled.</summary>
        public bool SampleIfDue(long nowMicroseconds)
        {
            if (nowMicroseconds < NextDueMicroseconds)
            {
                return false;
            }

            Sample(nowMicroseconds);
            NextDueMicroseconds += _periodMicroseconds;
            if (NextDueMicroseconds <= nowMicroseconds)
            {
                // Fell behind (a slow bus, a stalled loop): skip the missed slots instead of sampling in a burst.
                NextDueMicroseconds = nowMicroseconds + _periodMicroseconds;
            }

            return true;
        }

        /// <summary>Reads the sensor once at <paramref name="nowMicroseconds"/> and integrates.</summary>
        public void Sample(long nowMicroseconds)
        {
            _sample.Reset();
            bool ok = _sensor.Read(_sample);
            lock (_lock)
            {
                if (!ok)
                {
                    Window.Errors++;
                    ErrorsSinceBoot++;
                    LastError = _sample.Fault;
                    if (++_consecutiveErrors >= FaultAfterErrors)
                    {
                        Fault = _sample.Fault;
                    }

                    return;
                }

                _consecutiveErrors = 0;
                Fault = _sample.Fault;
                long power = Calibrate(_sample.PowerMilliwatts);
                Window.Add(power, _sample.VoltageMillivolts, _sample.CurrentMilliamps);
                long before = Counter.Millijoules;
                if (_lastMicroseconds >= 0)
                {
                    long dt = nowMicroseconds - _lastMicroseconds;
                    if (dt <= _maxBridgeMicroseconds)
                    {
                        Counter.AddTrapezoid(_lastPowerMilliwatts, power, dt);
                    }
                    else if (Follower == null)
                    {
                        // An INA219 gap too long to interpolate: the energy in it is unknown, so continuity ends here.
                        Counter.Epoch = _epochs.Next();
                        EpochStartedSeen = true;
                    }
                }

                if (Follower != null && _sample.MeterEnergyWattHours >= 0)
                {
                    if (ResumePending && Follower.Anchored && _sample.MeterEnergyWattHours >= Follower.AnchorWattHours)
                    {
                        Follower.ResumeAfterReboot(Counter, _sample.MeterEnergyWattHours, Config.GainPpm);
                    }
                    else if (ResumePending)
                    {
                        // The register went back while the ESP32 was down: nothing bridges the outage.
                        Counter.Epoch = _epochs.Next();
                        Follower.Clear();
                        Follower.Apply(Counter, before, _sample.MeterEnergyWattHours, Config.GainPpm, RegisterLagMillijoules(power));
                        EpochStartedSeen = true;
                        CounterResetSeen = true;
                    }
                    else if (Follower.Apply(Counter, before, _sample.MeterEnergyWattHours, Config.GainPpm, RegisterLagMillijoules(power)))
                    {
                        CounterResetSeen = true;
                    }

                    ResumePending = false;
                }

                _lastMicroseconds = nowMicroseconds;
                _lastPowerMilliwatts = power;
            }
        }

        /// <summary>
        /// Ends the window at <paramref name="endMicroseconds"/>: integrates up to it holding the last power, copies the
        /// counter and statistics into <paramref name="into"/> and starts a new window.
        /// </summary>
        public void CloseWindow(long endMicroseconds, ChannelReading into)
        {
            lock (_lock)
            {
                if (_lastMicroseconds >= 0 && endMicroseconds > _lastMicroseconds && endMicroseconds - _lastMicroseconds <= _maxBridgeMicroseconds)
                {
                    Counter.AddTrapezoid(_lastPowerMilliwatts, _lastPowerMilliwatts, endMicroseconds - _lastMicroseconds);
                    _lastMicroseconds = endMicroseconds;
                }

                into.ChannelId = Config.ChannelId;
                into.Kind = Config.Kind;
                into.Epoch = Counter.Epoch;
                into.EnergyMillijoules = Counter.Millijoules;
                into.SampleCount = Window.Samples;
                into.ErrorCount = Window.Errors;
                into.PowerMeanMilliwatts = (int)Window.PowerMeanMilliwatts;
                into.PowerMinMilliwatts = (int)Window.PowerMinMilliwatts;
                into.PowerMaxMilliwatts = (int)Window.PowerMaxMilliwatts;
                into.VoltageMeanMillivolts = (int)Window.VoltageMeanMillivolts;
                into.CurrentMeanMilliamps = (int)Window.CurrentMeanMilliamps;
                Window.Clear();
            }
        }

        /// <summary>The lock that guards the counter and window, for consistent snapshots (persistence).</summary>
        public object SyncRoot { get { return _lock; } }

        /// <summary>Sets when the first sample is due.</summary>
        public void ScheduleFirst(long nowMicroseconds)
        {
            NextDueMicroseconds = nowMicroseconds;
        }

        /// <summary>Energy the meter's register may not show yet: one refresh period (1 s) at <paramref name="milliwatts"/>; mW x 1 s = mJ.</summary>
        private static long RegisterLagMillijoules(long milliwatts)
        {
            return milliwatts;
        }

        /// <summary>Calibrated power: raw x gain_ppm / 10^6 + offset_mw, never below zero.</summary>
        public long Calibrate(long rawMilliwatts)
        {
            long p = ((rawMilliwatts * Config.GainPpm) / 1000000) + Config.OffsetMilliwatts;
            return p < 0 ? 0 : p;
        }
    }
}
