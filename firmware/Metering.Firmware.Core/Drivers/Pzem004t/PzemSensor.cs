using System;

namespace Metering.Firmware.Core.Drivers.Pzem004t
{
    /// <summary>
    /// One channel measured by the PZEM-004T at <see cref="Address"/> on a UART shared through a
    /// <see cref="PzemClient"/>. Each <see cref="Read"/> is one Modbus request (with the client's retries); the meter
    /// refreshes its registers about once a second, so poll it at 1 Hz. Allocates nothing per read.
    /// </summary>
    public sealed class PzemSensor : ISensor
    {
        /// <summary>Milliwatts per count of the power register (0.1 W).</summary>
        public const int MilliwattsPerDeciwatt = 100;

        /// <summary>Millivolts per count of the voltage register (0.1 V).</summary>
        public const int MillivoltsPerDecivolt = 100;

        private readonly PzemClient _client;
        private readonly PzemMeasurement _measurement = new PzemMeasurement();

        /// <summary>A sensor for the meter at <paramref name="address"/> (0x01-0xF7) on <paramref name="client"/>'s bus.</summary>
        /// <remarks>The general address 0xF8 is refused: a channel bound to it would read whichever meter answers, and
        /// nothing at all once a second meter joins the bus.</remarks>
        public PzemSensor(PzemClient client, byte address)
        {
            if (client == null)
            {
                throw new ArgumentNullException("client");
            }

            if (!PzemRegisters.IsIndividualAddress(address))
            {
                throw new ArgumentOutOfRangeException("address", "must be 0x01-0xF7");
            }

            _client = client;
            Address = address;
        }

        /// <summary>The meter's Modbus address.</summary>
        public byte Address { get; }

        /// <summary>The last successful read in the meter's units, frequency, power factor and alarm included.</summary>
        public PzemMeasurement Measurement
        {
            get { return _measurement; }
        }

        /// <summary>The outcome of the last read.</summary>
        public PzemStatus LastStatus { get; private set; }

        /// <inheritdoc />
        public bool Read(PowerSample sample)
        {
            if (sample == null)
            {
                throw new ArgumentNullException("sample");
            }

            PzemStatus status = _client.ReadMeasurements(Address, _measurement);
            LastStatus = status;
            if (status != PzemStatus.Ok)
            {
                sample.Fault = FaultOf(status);
                return false;
            }

            sample.PowerMilliwatts = _measurement.PowerDeciwatts * MilliwattsPerDeciwatt;
            sample.VoltageMillivolts = _measurement.VoltageDecivolts * MillivoltsPerDecivolt;
            sample.CurrentMilliamps = _measurement.CurrentMilliamps;
            sample.MeterEnergyWattHours = _measurement.EnergyWattHours;
            sample.Fault = null;
            return true;
        }

        /// <summary>The <see cref="SensorFaults"/> token for a failed read.</summary>
        public static string FaultOf(PzemStatus status)
        {
            switch (status)
            {
                case PzemStatus.NoReply:
                    return SensorFaults.NoReply;
                case PzemStatus.BadCrc:
                    return SensorFaults.BadCrc;
                case PzemStatus.Exception:
                    return SensorFaults.ModbusException;
                case PzemStatus.Ok:
                    return null;
                default:
                    return SensorFaults.BadFrame;
            }
        }
    }
}
