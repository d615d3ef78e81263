using System;

namespace Metering.Firmware.Core.Drivers.Ina219
{
    /// <summary>Register reads and the bus bookkeeping.</summary>
    public sealed partial class Ina219
    {
        /// <summary>
        /// Reads the bus voltage register. <paramref name="millivolts"/> is bits 15:3 x 4 mV when the read went through
        /// (also for NotReady, where it is the previous conversion's, and for Overflow, where the bus voltage is still
        /// valid), and 0 on a bus failure. CNVR clear gives NotReady; otherwise OVF gives Overflow (counted once per
        /// conversion, provided the caller then reads the power register as <see cref="Ina219Sensor"/> does).
        /// </summary>
        public Ina219Status ReadBusVoltage(out int millivolts)
        {
            ushort raw;
            BusStatus status = Read(Ina219Registers.BusVoltage, out raw);
            if (status != BusStatus.Ok)
            {
                millivolts = 0;
                return (Ina219Status)status;
            }

            millivolts = (raw >> Ina219Registers.BusVoltageValueShift) * Ina219Registers.BusVoltageLsbMillivolts;
            if ((raw & Ina219Registers.ConversionReadyBit) == 0)
            {
                // Checked before OVF: a conversion already read must not count its overflow twice.
                NotReadyCount++;
                return Ina219Status.NotReady;
            }

            if ((raw & Ina219Registers.MathOverflowBit) != 0)
            {
                OverflowCount++;
                return Ina219Status.Overflow;
            }

            return Ina219Status.Ok;
        }

        /// <summary>Reads the shunt voltage in microvolts, signed (two's complement, 10 µV per count): 0xFFFF is -10 µV.</summary>
        public BusStatus ReadShuntVoltage(out int microvolts)
        {
            ushort raw;
            BusStatus status = Read(Ina219Registers.ShuntVoltage, out raw);
            microvolts = status == BusStatus.Ok ? (short)raw * Ina219Registers.ShuntVoltageLsbMicrovolts : 0;
            return status;
        }

        /// <summary>
        /// Reads the current in microamps, signed: count x the effective Current_LSB of the calibration as written
        /// (<see cref="Ina219Calibration.CurrentMicroamps"/>), truncated toward zero. Negative means current from IN- to IN+.
        /// </summary>
        public BusStatus ReadCurrent(out long microamps)
        {
            ushort raw;
            BusStatus status = Read(Ina219Registers.Current, out raw);
            microamps = status == BusStatus.Ok ? _calibration.CurrentMicroamps((short)raw) : 0;
            return status;
        }

        /// <summary>
        /// Reads the power in microwatts: count x 20 x the effective Current_LSB, unsigned (the register holds no sign;
        /// see the sensor's sign rule). Reading this register clears CNVR.
        /// </summary>
        public BusStatus ReadPower(out long microwatts)
        {
            ushort raw;
            BusStatus status = Read(Ina219Registers.Power, out raw);
            microwatts = status == BusStatus.Ok ? _calibration.PowerMicrowatts(raw) : 0;
            return status;
        }

        private BusStatus UpdateField(ushort mask, int shift, int value)
        {
            ushort configuration;
            BusStatus status = Read(Ina219Registers.Configuration, out configuration);
            if (status != BusStatus.Ok)
            {
                return status;
            }

            // Keep every other field as the device holds it; never write RST back.
            int updated = (configuration & ~mask & ~Ina219Registers.ResetBit) | ((value << shift) & mask);
            return Write(Ina219Registers.Configuration, (ushort)updated);
        }

        private BusStatus Read(byte register, out ushort value)
        {
            BusStatus status = _bus.Read(register, out value);
            if (status != BusStatus.Ok)
            {
                value = 0;
                Count(status);
            }

            return status;
        }

        private BusStatus Write(byte register, ushort value)
        {
            BusStatus status = _bus.Write(register, value);
            if (status != BusStatus.Ok)
            {
                Count(status);
            }

            return status;
        }

        private void Count(BusStatus status)
        {
            if (status == BusStatus.NoAcknowledge) NackCount++;
            else BusErrorCount++;
        }

        private static void CheckBusRange(Ina219BusRange range, string parameter)
        {
            if (range != Ina219BusRange.Volts16 && range != Ina219BusRange.Volts32)
            {
                throw new ArgumentOutOfRangeException(parameter, "bus range must be 16 V or 32 V");
            }
        }

        private static void CheckAdc(Ina219AdcSetting setting, string parameter)
        {
            if (!Ina219Adc.IsNamed(setting))
            {
                throw new ArgumentOutOfRangeException(parameter, "ADC setting must be 9..12-bit or 2..128 samples");
            }
        }
    }
}
