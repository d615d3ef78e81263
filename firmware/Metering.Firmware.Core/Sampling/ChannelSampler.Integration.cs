using Metering.Firmware.Core.Drivers;
using Metering.Protocol;

namespace Metering.Firmware.Core.Sampling
{
    /// <summary>Integration, register following, epochs and failures: the parts of a sample that run under the lock.</summary>
    public sealed partial class ChannelSampler
    {
        /// <summary>
        /// Adds the interval of <paramref name="dt"/> since the last sample. A gap too long to interpolate adds no power;
        /// on an INA219 it ends the epoch (the energy in it is unknown), on a PZEM the register covers it. The offset's
        /// contribution is integrated over every interval, gaps included, for the register band (RegisterFollower).
        /// </summary>
        private void Integrate(long dt, long power, long offsetContribution)
        {
            if (dt <= _maxBridgeMicroseconds)
            {
                Counter.AddTrapezoid(_lastPowerMilliwatts, power, dt);
            }
            else if (Follower == null)
            {
                StartEpoch(true);
                EpochStartedSeen = true;
            }

            if (Follower != null)
            {
                Follower.AddOffset(_lastOffsetMilliwatts, offsetContribution, dt);
            }
        }

        private void FollowRegister(long before, long power)
        {
            long register = _sample.MeterEnergyWattHours;
            // After a reboot the register must not be below its last value before the save: lower, it was reset meanwhile.
            if (ResumePending && Follower.Anchored && register >= Follower.LastWattHours)
            {
                Follower.ResumeAfterReboot(Counter, register, Config.GainPpm);
            }
            else if (ResumePending)
            {
                // The register went back while the ESP32 was down: nothing bridges the outage.
                StartEpoch(true);
                EpochStartedSeen = true;
                Follower.Clear();
                Follower.Apply(Counter, before, register, Config.GainPpm, RegisterLagMillijoules(power));
                CounterResetSeen = true;
            }
            else if (Follower.Apply(Counter, before, register, Config.GainPpm, RegisterLagMillijoules(power)))
            {
                CounterResetSeen = true;
            }

            ResumePending = false;
        }

        /// <summary>
        /// Starts a new epoch; with <paramref name="continues"/> the counter keeps its value and the new epoch records the
        /// old one as its lineage (the collector bridges them), otherwise it continues nothing.
        /// </summary>
        public void StartEpoch(bool continues)
        {
            if (continues)
            {
                Lineage.Continue(Counter.Epoch, Counter.Millijoules);
            }
            else
            {
                Lineage.Break();
            }

            Counter.Epoch = _epochs.Next();
        }

        private void CountFailure()
        {
            // Not ready (CNVR clear): no new conversion since the last read. Nothing failed, so it is no error and no fault.
            if (_sample.Fault == SensorFaults.NotReady)
            {
                NotReadySinceBoot++;
                return;
            }

            Window.Errors++;
            ErrorsSinceBoot++;
            LastError = _sample.Fault;
            if (++_consecutiveErrors >= FaultAfterErrors)
            {
                Fault = _sample.Fault;
            }
        }

        /// <summary>Energy the meter's register may not show yet: one refresh period (1 s) at <paramref name="milliwatts"/>; mW x 1 s = mJ.</summary>
        private static long RegisterLagMillijoules(long milliwatts)
        {
            return milliwatts;
        }

        /// <summary>Calibrated power: raw x gain_ppm / 10^6 + offset_mw, never below zero.</summary>
        public long Calibrate(long rawMilliwatts)
        {
            return Offset(Gain(rawMilliwatts));
        }

        private long Gain(long rawMilliwatts)
        {
            return (rawMilliwatts * Config.GainPpm) / 1000000;
        }

        private long Offset(long gainedMilliwatts)
        {
            long p = gainedMilliwatts + Config.OffsetMilliwatts;
            return p < 0 ? 0 : p;
        }
    }
}
