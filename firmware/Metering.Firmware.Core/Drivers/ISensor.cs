namespace Metering.Firmware.Core.Drivers
{
    /// <summary>
    /// One channel's sensor as the sampler sees it: read into a caller-owned <see cref="PowerSample"/>, allocating nothing.
    /// Implemented by Ina219Sensor and PzemSensor over their drivers.
    /// </summary>
    public interface ISensor
    {
        /// <summary>
        /// Takes one reading. True with <paramref name="sample"/> filled; false with <see cref="PowerSample.Fault"/> set
        /// to a <see cref="SensorFaults"/> token, and the sample's values left unspecified.
        /// </summary>
        bool Read(PowerSample sample);
    }

    /// <summary>One reading, reused from sample to sample. Integers with units, as on the wire.</summary>
    public sealed class PowerSample
    {
        /// <summary>Active power in milliwatts, never negative (see each sensor's sign rule).</summary>
        public long PowerMilliwatts;

        /// <summary>Voltage in millivolts: DC bus voltage (INA219) or AC RMS (PZEM).</summary>
        public long VoltageMillivolts;

        /// <summary>Current in milliamps: DC (INA219, clamped at 0) or AC RMS (PZEM).</summary>
        public long CurrentMilliamps;

        /// <summary>The meter's own energy register in watt-hours (PZEM-004T), or -1 when the sensor has none (INA219).</summary>
        public long MeterEnergyWattHours;

        /// <summary>
        /// Why the last Read failed: a <see cref="SensorFaults"/> token. After a successful read it is null, or a warning
        /// about a valid sample (<see cref="SensorFaults.ReverseCurrent"/>) that the channel reports as its fault.
        /// </summary>
        public string Fault;

        /// <summary>Clears the sample before a read.</summary>
        public void Reset()
        {
            PowerMilliwatts = 0;
            VoltageMillivolts = 0;
            CurrentMilliamps = 0;
            MeterEnergyWattHours = -1;
            Fault = null;
        }
    }

    /// <summary>Fault tokens, as they appear in status <c>channels[].fault</c> and events (interned constants: no allocation).</summary>
    public static class SensorFaults
    {
        /// <summary>I2C: the device did not acknowledge.</summary>
        public const string Nack = "nack";
        /// <summary>I2C: a transfer was cut short or the bus failed.</summary>
        public const string BusError = "bus_error";
        /// <summary>INA219: the math overflow flag (OVF) was set, so current and power are invalid.</summary>
        public const string Overflow = "overflow";
        /// <summary>INA219: no conversion completed since the last read (CNVR clear).</summary>
        public const string NotReady = "not_ready";
        /// <summary>INA219: current flows backwards beyond 1 % of the maximum (a shunt or its sense leads wired the wrong way round); the sample reads 0 W.</summary>
        public const string ReverseCurrent = "reverse_current";
        /// <summary>PZEM: no reply within the timeout, after the retries.</summary>
        public const string NoReply = "no_reply";
        /// <summary>PZEM: a reply whose CRC-16/MODBUS did not match.</summary>
        public const string BadCrc = "bad_crc";
        /// <summary>PZEM: a reply of the wrong length, address or function.</summary>
        public const string BadFrame = "bad_frame";
        /// <summary>PZEM: a Modbus exception reply (function | 0x80).</summary>
        public const string ModbusException = "modbus_exception";
    }
}
