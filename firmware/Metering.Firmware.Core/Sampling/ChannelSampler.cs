using Metering.Firmware.Core.Drivers;
using Metering.Protocol;

namespace Metering.Firmware.Core.Sampling
{
    /// <summary>
    /// One channel: samples its sensor on schedule, applies the calibration, integrates power into the energy counter
    /// (trapezoids on the monotonic clock), keeps the window statistics and, for PZEM channels, follows the meter's
    /// own energy register. Safe to sample from one thread while another closes windows. Allocates nothing per sample.
    /// </summary>
    public sealed partial class ChannelSampler
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
        private long _lastOffsetMilliwatts;
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
            Lineage = new EpochLineage();
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

        /// <summary>Reads that found no new conversion (INA219 CNVR clear) since boot: neither samples nor errors.</summary>
        public long NotReadySinceBoot { get; private set; }

        /// <summary>What the current epoch continues (guarded by this sampler's lock).</summary>
        public EpochLineage Lineage { get; private set; }

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

        /// <summary>
        /// Reads the sensor once and integrates, at <paramref name="nowMicroseconds"/>: the instant the caller stamped
        /// before the read. A window closed by the service thread during a slow read (a PZEM exchange) may lie after that
        /// stamp; the sample then counts from the close, so the sampler's time never runs backwards (README.md, "Time
        /// never runs backwards").
        /// </summary>
        public void Sample(long nowMicroseconds)
        {
            _sample.Reset();
            bool ok = _sensor.Read(_sample);
            lock (_lock)
            {
                if (!ok)
                {
                    CountFailure();
                    return;
                }

                _consecutiveErrors = 0;
                Fault = _sample.Fault;
                long gained = Gain(_sample.PowerMilliwatts);
                long power = Offset(gained);
                Window.Add(power, _sample.VoltageMillivolts, _sample.CurrentMilliamps);
                long before = Counter.Millijoules;
                long at = nowMicroseconds > _lastMicroseconds ? nowMicroseconds : _lastMicroseconds;
                if (_lastMicroseconds >= 0)
                {
                    Integrate(at - _lastMicroseconds, power, power - gained);
                }

                if (Follower != null && _sample.MeterEnergyWattHours >= 0)
                {
                    FollowRegister(before, power);
                }

                _lastMicroseconds = at;
                _lastPowerMilliwatts = power;
                _lastOffsetMilliwatts = power - gained;
            }
        }

        /// <summary>The lock that guards the counter and window, for consistent snapshots (persistence).</summary>
        public object SyncRoot { get { return _lock; } }

        /// <summary>Sets when the first sample is due.</summary>
        public void ScheduleFirst(long nowMicroseconds)
        {
            NextDueMicroseconds = nowMicroseconds;
        }
    }
}
