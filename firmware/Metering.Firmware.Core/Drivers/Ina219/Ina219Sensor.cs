using System;

namespace Metering.Firmware.Core.Drivers.Ina219
{
    /// <summary>
    /// An INA219 channel as the sampler sees it. One <see cref="Read"/> takes one conversion: bus voltage (CNVR, OVF)
    /// first, then current, then power (which clears CNVR), then, every <see cref="CalibrationCheckInterval"/> reads,
    /// the calibration register. Sign rule: DC load power is V_bus x I with I flowing IN+ to IN-; a negative current
    /// (noise around zero, or a shunt wired backwards) gives a valid sample of 0 mA and 0 mW, and one more negative than
    /// 1 % of the maximum current is also counted in <see cref="ReverseCurrentSamples"/>. No calibration gain or offset
    /// here: the sampler applies gain_ppm/offset_mw. Allocates nothing per read.
    /// </summary>
    public sealed class Ina219Sensor : ISensor
    {
        /// <summary>Reads per calibration check by default: every read, so no sample from a reset (uncalibrated) device is accepted.</summary>
        public const int DefaultCalibrationCheckInterval = 1;

        private readonly Ina219 _driver;
        private int _readsSinceCheck;
        private bool _checkDue;

        /// <summary>A sensor over <paramref name="driver"/> that checks the calibration on every read.</summary>
        public Ina219Sensor(Ina219 driver)
            : this(driver, DefaultCalibrationCheckInterval)
        {
        }

        /// <summary>A sensor over <paramref name="driver"/> that checks the calibration every <paramref name="calibrationCheckInterval"/> reads (1..100000).</summary>
        public Ina219Sensor(Ina219 driver, int calibrationCheckInterval)
        {
            if (driver == null)
            {
                throw new ArgumentNullException(nameof(driver));
            }

            if (calibrationCheckInterval < 1 || calibrationCheckInterval > 100000)
            {
                throw new ArgumentOutOfRangeException(nameof(calibrationCheckInterval), "calibration check interval must be 1..100000 reads");
            }

            _driver = driver;
            CalibrationCheckInterval = calibrationCheckInterval;
            ReverseCurrentThresholdMicroamps = driver.MaxCurrentMilliamps * 10L;
        }

        /// <summary>The driver, for its settings and error counters.</summary>
        public Ina219 Driver { get { return _driver; } }

        /// <summary>Reads between calibration checks. A check is also forced after any failed read.</summary>
        public int CalibrationCheckInterval { get; private set; }

        /// <summary>A current below minus this many microamps (1 % of the maximum current) counts as reverse current.</summary>
        public long ReverseCurrentThresholdMicroamps { get; private set; }

        /// <summary>Samples whose current was more negative than the threshold: a shunt wired backwards shows here.</summary>
        public long ReverseCurrentSamples { get; private set; }

        /// <summary>
        /// Takes one reading into <paramref name="sample"/>. Initializes the device first when it is not (at start, after
        /// a failed initialization, after the calibration check found it reset); that read then reports not_ready, since
        /// writing the configuration restarts the conversion.
        /// </summary>
        public bool Read(PowerSample sample)
        {
            if (sample == null)
            {
                throw new ArgumentNullException(nameof(sample));
            }

            sample.Reset();
            if (!_driver.IsInitialized)
            {
                BusStatus init = _driver.Initialize();
                return Fail(sample, init == BusStatus.Ok ? SensorFaults.NotReady : FaultOf((Ina219Status)init));
            }

            int millivolts;
            Ina219Status bus = _driver.ReadBusVoltage(out millivolts);
            if (bus == Ina219Status.Overflow)
            {
                // Read power anyway so CNVR clears and the next read waits for a new conversion.
                long ignored;
                _driver.ReadPower(out ignored);
            }

            if (bus != Ina219Status.Ok)
            {
                return Fail(sample, FaultOf(bus));
            }

            long microamps;
            long microwatts;
            BusStatus status = _driver.ReadCurrent(out microamps);
            if (status == BusStatus.Ok) status = _driver.ReadPower(out microwatts);
            else microwatts = 0;
            if (status != BusStatus.Ok)
            {
                return Fail(sample, FaultOf((Ina219Status)status));
            }

            if (++_readsSinceCheck >= CalibrationCheckInterval || _checkDue)
            {
                _readsSinceCheck = 0;
                _checkDue = false;
                bool lost;
                status = _driver.VerifyCalibration(out lost);
                if (status != BusStatus.Ok || lost)
                {
                    // A lost calibration means current and power were computed with 0: this sample is not trusted.
                    return Fail(sample, status != BusStatus.Ok ? FaultOf((Ina219Status)status) : SensorFaults.NotReady);
                }
            }

            if (microamps < 0)
            {
                if (microamps < -ReverseCurrentThresholdMicroamps)
                {
                    ReverseCurrentSamples++;
                    sample.Fault = SensorFaults.ReverseCurrent;
                }

                microamps = 0;
                microwatts = 0;
            }

            sample.VoltageMillivolts = millivolts;
            sample.CurrentMilliamps = (microamps + 500) / 1000;
            sample.PowerMilliwatts = (microwatts + 500) / 1000;
            return true;
        }

        private bool Fail(PowerSample sample, string fault)
        {
            // After any failure the device may have been power-cycled: check the calibration on the next good read.
            _checkDue = true;
            sample.Fault = fault;
            return false;
        }

        private static string FaultOf(Ina219Status status)
        {
            switch (status)
            {
                case Ina219Status.NoAcknowledge: return SensorFaults.Nack;
                case Ina219Status.NotReady: return SensorFaults.NotReady;
                case Ina219Status.Overflow: return SensorFaults.Overflow;
                default: return SensorFaults.BusError;
            }
        }
    }
}
