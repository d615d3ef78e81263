using System;

namespace Metering.Firmware.Core.Drivers.Ina219
{
    /// <summary>
    /// TI INA219 DC current/power monitor over I2C (SBOS448). Takes the shunt and the largest expected current, computes
    /// its own calibration (<see cref="Ina219Calibration"/>), writes it on <see cref="Initialize"/>, and decodes every
    /// register with its sign and unit. No method throws on a bus failure or returns a value from one: each returns a
    /// status, sets its value to 0, and counts the failure. Allocates nothing after construction.
    /// </summary>
    public sealed partial class Ina219
    {
        /// <summary>Shunt ADC setting written by <see cref="Initialize"/> until changed: 64 samples (the contract's <c>adc_avg</c> default).</summary>
        public const Ina219AdcSetting DefaultShuntAdc = Ina219AdcSetting.Average64;

        /// <summary>Bus ADC setting written by <see cref="Initialize"/> until changed: one 12-bit conversion (a 12 V rail is stiff; see README).</summary>
        public const Ina219AdcSetting DefaultBusAdc = Ina219AdcSetting.Bits12;

        private readonly IRegisterBus _bus;
        private readonly Ina219Calibration _calibration;

        /// <summary>
        /// Creates the driver with the shunt ADC set to <paramref name="shuntAdc"/> (the config's adc_avg), written by
        /// <see cref="Initialize"/>. See the four-argument constructor for the other parameters.
        /// </summary>
        public Ina219(IRegisterBus bus, int shuntMicroohms, int maxCurrentMilliamps, Ina219BusRange busRange, Ina219AdcSetting shuntAdc)
            : this(bus, shuntMicroohms, maxCurrentMilliamps, busRange)
        {
            CheckAdc(shuntAdc, nameof(shuntAdc));
            ShuntAdc = shuntAdc;
        }

        /// <summary>Binds the driver to a device; no bus traffic until <see cref="Initialize"/>.</summary>
        /// <param name="bus">The device's registers.</param>
        /// <param name="shuntMicroohms">Shunt resistance in µΩ (100..10,000,000), the contract's <c>shunt_uohm</c>.</param>
        /// <param name="maxCurrentMilliamps">Largest expected current in mA (1..1,000,000), the contract's <c>max_ma</c>.</param>
        /// <param name="busRange">Bus voltage range.</param>
        public Ina219(IRegisterBus bus, int shuntMicroohms, int maxCurrentMilliamps, Ina219BusRange busRange)
        {
            if (bus == null)
            {
                throw new ArgumentNullException(nameof(bus));
            }

            CheckBusRange(busRange, nameof(busRange));
            _calibration = new Ina219Calibration(shuntMicroohms, maxCurrentMilliamps);
            _bus = bus;
            BusRange = busRange;
            Gain = _calibration.Gain;
            BusAdc = DefaultBusAdc;
            ShuntAdc = DefaultShuntAdc;
            Mode = Ina219Mode.ShuntAndBusContinuous;
        }

        /// <summary>Shunt resistance in micro-ohms.</summary>
        public int ShuntMicroohms { get { return _calibration.ShuntMicroohms; } }

        /// <summary>Largest expected current in milliamps.</summary>
        public int MaxCurrentMilliamps { get { return _calibration.MaxCurrentMilliamps; } }

        /// <summary>Current_LSB in nanoamps (see <see cref="Ina219Calibration.CurrentLsbNanoamps"/>).</summary>
        public long CurrentLsbNanoamps { get { return _calibration.CurrentLsbNanoamps; } }

        /// <summary>Power_LSB in microwatts: 20 x Current_LSB.</summary>
        public long PowerLsbMicrowatts { get { return _calibration.PowerLsbMicrowatts; } }

        /// <summary>The calibration register value this driver writes and expects to read back.</summary>
        public ushort CalibrationValue { get { return _calibration.CalibrationValue; } }

        /// <summary>Bus range the driver keeps in the device (written by Initialize and SetBusRange).</summary>
        public Ina219BusRange BusRange { get; private set; }

        /// <summary>PGA range the driver keeps in the device (the smallest covering max current x shunt, until SetGain).</summary>
        public Ina219Gain Gain { get; private set; }

        /// <summary>Bus ADC setting the driver keeps in the device.</summary>
        public Ina219AdcSetting BusAdc { get; private set; }

        /// <summary>Shunt ADC setting the driver keeps in the device.</summary>
        public Ina219AdcSetting ShuntAdc { get; private set; }

        /// <summary>Operating mode the driver keeps in the device.</summary>
        public Ina219Mode Mode { get; private set; }

        /// <summary>The configuration register value for the settings above (what Initialize writes and verifies).</summary>
        public ushort ConfigurationValue
        {
            get
            {
                return (ushort)(((int)BusRange << Ina219Registers.BusRangeShift) | ((int)Gain << Ina219Registers.GainShift)
                    | ((int)BusAdc << Ina219Registers.BusAdcShift) | ((int)ShuntAdc << Ina219Registers.ShuntAdcShift) | (int)Mode);
            }
        }

        /// <summary>True after an Initialize whose read-back matched, until a calibration check finds the device reset.</summary>
        public bool IsInitialized { get; private set; }

        /// <summary>Transfers the device did not acknowledge.</summary>
        public long NackCount { get; private set; }

        /// <summary>Transfers cut short or failed otherwise (PartialTransfer, Error).</summary>
        public long BusErrorCount { get; private set; }

        /// <summary>Conversions read with OVF set.</summary>
        public long OverflowCount { get; private set; }

        /// <summary>Bus voltage reads with CNVR clear (sampling faster than the conversion cycle).</summary>
        public long NotReadyCount { get; private set; }

        /// <summary>Initializations whose read-back differed from what was written (wrong device, or a bus that corrupts data).</summary>
        public long VerifyFailureCount { get; private set; }

        /// <summary>Calibration checks that found the calibration register changed (device power-cycled or reset) and re-initialized.</summary>
        public long CalibrationLossCount { get; private set; }

        /// <summary>
        /// Resets the device (RST), writes the configuration and the calibration, and reads both back. Ok only when both
        /// read back as written; a mismatch returns <see cref="BusStatus.Error"/> and counts a verify failure.
        /// </summary>
        public BusStatus Initialize()
        {
            IsInitialized = false;
            ushort configuration = ConfigurationValue;
            BusStatus status = Write(Ina219Registers.Configuration, Ina219Registers.ResetBit);
            if (status == BusStatus.Ok) status = Write(Ina219Registers.Configuration, configuration);
            if (status == BusStatus.Ok) status = Write(Ina219Registers.Calibration, CalibrationValue);
            if (status != BusStatus.Ok) return status;

            ushort readConfiguration;
            ushort readCalibration;
            status = Read(Ina219Registers.Configuration, out readConfiguration);
            if (status == BusStatus.Ok) status = Read(Ina219Registers.Calibration, out readCalibration);
            else readCalibration = 0;
            if (status != BusStatus.Ok) return status;

            if (readConfiguration != configuration || readCalibration != CalibrationValue)
            {
                VerifyFailureCount++;
                return BusStatus.Error;
            }

            IsInitialized = true;
            return BusStatus.Ok;
        }

        /// <summary>
        /// Reads the calibration register; when it differs from <see cref="CalibrationValue"/> (a power-cycled device reads
        /// 0 and then reports current and power as 0) counts a loss and re-initializes. Ok when the register was right or the
        /// re-initialization succeeded; <paramref name="calibrationLost"/> says which.
        /// </summary>
        public BusStatus VerifyCalibration(out bool calibrationLost)
        {
            calibrationLost = false;
            ushort value;
            BusStatus status = Read(Ina219Registers.Calibration, out value);
            if (status != BusStatus.Ok || value == CalibrationValue)
            {
                return status;
            }

            calibrationLost = true;
            CalibrationLossCount++;
            return Initialize();
        }

        /// <summary>Reads the raw calibration register.</summary>
        public BusStatus ReadCalibration(out ushort value)
        {
            return Read(Ina219Registers.Calibration, out value);
        }

        /// <summary>Sets BRNG by read-modify-write of bit 13 only.</summary>
        public BusStatus SetBusRange(Ina219BusRange range)
        {
            CheckBusRange(range, nameof(range));
            BusStatus status = UpdateField(Ina219Registers.BusRangeMask, Ina219Registers.BusRangeShift, (int)range);
            if (status == BusStatus.Ok) BusRange = range;
            return status;
        }

        /// <summary>Sets PG by read-modify-write of bits 12:11 only. A range below max current x shunt makes large currents overflow.</summary>
        public BusStatus SetGain(Ina219Gain gain)
        {
            if ((int)gain < 0 || (int)gain > 3) throw new ArgumentOutOfRangeException(nameof(gain), "gain must be one of the four PGA settings");
            BusStatus status = UpdateField(Ina219Registers.GainMask, Ina219Registers.GainShift, (int)gain);
            if (status == BusStatus.Ok) Gain = gain;
            return status;
        }

        /// <summary>Sets BADC by read-modify-write of bits 10:7 only.</summary>
        public BusStatus SetBusAdc(Ina219AdcSetting setting)
        {
            CheckAdc(setting, nameof(setting));
            BusStatus status = UpdateField(Ina219Registers.BusAdcMask, Ina219Registers.BusAdcShift, (int)setting);
            if (status == BusStatus.Ok) BusAdc = setting;
            return status;
        }

        /// <summary>Sets SADC by read-modify-write of bits 6:3 only (dotnet/iot's Ina219 writes this into BADC).</summary>
        public BusStatus SetShuntAdc(Ina219AdcSetting setting)
        {
            CheckAdc(setting, nameof(setting));
            BusStatus status = UpdateField(Ina219Registers.ShuntAdcMask, Ina219Registers.ShuntAdcShift, (int)setting);
            if (status == BusStatus.Ok) ShuntAdc = setting;
            return status;
        }

        /// <summary>Sets MODE by read-modify-write of bits 2:0 only. Writing the configuration clears CNVR and restarts the conversion.</summary>
        public BusStatus SetMode(Ina219Mode mode)
        {
            if ((int)mode < 0 || (int)mode > 7) throw new ArgumentOutOfRangeException(nameof(mode), "mode must be 0..7");
            BusStatus status = UpdateField(Ina219Registers.ModeMask, Ina219Registers.ModeShift, (int)mode);
            if (status == BusStatus.Ok) Mode = mode;
            return status;
        }
    }
}
