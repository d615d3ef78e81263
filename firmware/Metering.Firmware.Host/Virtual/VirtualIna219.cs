using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Core.Platform;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Host.Virtual;

/// <summary>
/// A register-level INA219 (TI SBOS448) whose registers come from a physical load: a rail at <see cref="BusVolts"/>
/// (plus optional sinusoidal ripple) feeding a load profile through a shunt of <c>shuntMicroohms</c>. Conversions
/// complete on the clock: in continuous modes every SADC + BADC conversion time from the last configuration write, in
/// triggered modes once. A conversion reports the load's mean power over its own window (the shunt is converted first,
/// then the bus), quantized to the register LSBs (10 µV, 4 mV; the ADC's own 9..12-bit resolution is not modelled),
/// then Current = Shunt x Cal / 4096 (truncated toward zero) and Power = |Current| x Bus / 5000 (truncated; the power
/// register holds no sign). OVF is set when the shunt exceeds the PGA range or the current or power does not fit its
/// register. CNVR is set by a conversion and cleared by reading power or writing the configuration. Deterministic:
/// no wall clock, no randomness. Faults: <see cref="Absent"/>, every Nth transfer, the next N transfers, power-cycle.
/// </summary>
public sealed class VirtualIna219 : IRegisterBus
{
    private readonly ILoadProfile _load;
    private readonly IClock _clock;
    private ushort _configuration = Ina219Registers.PowerOnConfiguration;
    private ushort _calibration;
    private short _shunt;
    private int _busCount;
    private short _current;
    private ushort _power;
    private bool _ready;
    private bool _overflow;
    private long _cycleStart;
    private long _latched;
    private int _failNext;
    private BusStatus _failNextStatus;

    /// <summary>A powered device at power-on state; its first conversion cycle starts now.</summary>
    public VirtualIna219(ILoadProfile load, IClock clock, int shuntMicroohms, double busVolts = 12.0)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shuntMicroohms);
        _load = load;
        _clock = clock;
        ShuntMicroohms = shuntMicroohms;
        BusVolts = busVolts;
        _cycleStart = clock.MonotonicMicroseconds;
    }

    /// <summary>The real shunt in micro-ohms (a test may make it differ from what the driver was told).</summary>
    public int ShuntMicroohms { get; }

    /// <summary>Mean rail voltage at IN- in volts.</summary>
    public double BusVolts { get; set; }

    /// <summary>Amplitude of a sinusoidal ripple on the rail, in volts (0: none).</summary>
    public double RippleVolts { get; set; }

    /// <summary>Period of the ripple in microseconds.</summary>
    public long RipplePeriodMicroseconds { get; set; } = 10_000;

    /// <summary>The shunt is wired backwards: current flows IN- to IN+ and reads negative.</summary>
    public bool Reversed { get; set; }

    /// <summary>The device does not answer: every transfer is NoAcknowledge (registers keep their state).</summary>
    public bool Absent { get; set; }

    /// <summary>Every Nth transfer (counting all transfers, 1-based) fails with <see cref="InjectedFailure"/>; 0 = never.</summary>
    public int FailEveryNthTransfer { get; set; }

    /// <summary>How periodic injected failures fail: <see cref="BusStatus.Error"/> or <see cref="BusStatus.PartialTransfer"/>.</summary>
    public BusStatus InjectedFailure { get; set; } = BusStatus.Error;

    /// <summary>Transfers attempted, including failed ones.</summary>
    public long TransferCount { get; private set; }

    /// <summary>Transfers failed by injection (periodic or next-N), not counting <see cref="Absent"/>.</summary>
    public long InjectedFailureCount { get; private set; }

    /// <summary>Conversions completed since construction.</summary>
    public long ConversionCount { get; private set; }

    /// <summary>The next <paramref name="count"/> transfers fail with <paramref name="status"/> and change nothing.</summary>
    public void FailNextTransfers(int count, BusStatus status)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _failNext = count;
        _failNextStatus = status;
    }

    /// <summary>Power-cycles the device: every register back to its power-on value (calibration 0), a new cycle starts.</summary>
    public void PowerCycle() => Reset();

    /// <summary>A register's value now, as a read would return it, without a read's side effects (CNVR stays).</summary>
    public ushort Peek(byte register)
    {
        Convert();
        return Value(register);
    }

    /// <inheritdoc />
    public BusStatus Write(byte register, ushort value)
    {
        var fault = Transfer();
        if (fault != BusStatus.Ok)
        {
            return fault;
        }

        Convert();
        switch (register)
        {
            case Ina219Registers.Configuration when (value & Ina219Registers.ResetBit) != 0:
                Reset();
                break;
            case Ina219Registers.Configuration:
                _configuration = value;
                Restart();
                break;
            case Ina219Registers.Calibration:
                _calibration = (ushort)(value & Ina219Registers.CalibrationMask);
                break;
            case < Ina219Registers.Calibration:
                break; // read-only registers ignore writes
            default:
                throw new ArgumentOutOfRangeException(nameof(register), register, "the INA219 has registers 0..5");
        }

        return BusStatus.Ok;
    }

    /// <inheritdoc />
    public BusStatus Read(byte register, out ushort value)
    {
        value = 0;
        var fault = Transfer();
        if (fault != BusStatus.Ok)
        {
            return fault;
        }

        Convert();
        value = Value(register);
        if (register == Ina219Registers.Power)
        {
            _ready = false;
        }

        return BusStatus.Ok;
    }

    private BusStatus Transfer()
    {
        TransferCount++;
        if (Absent)
        {
            return BusStatus.NoAcknowledge;
        }

        if (_failNext > 0)
        {
            _failNext--;
            InjectedFailureCount++;
            return _failNextStatus;
        }

        if (FailEveryNthTransfer > 0 && TransferCount % FailEveryNthTransfer == 0)
        {
            InjectedFailureCount++;
            return InjectedFailure;
        }

        return BusStatus.Ok;
    }

    private ushort Value(byte register) => register switch
    {
        Ina219Registers.Configuration => _configuration,
        Ina219Registers.ShuntVoltage => (ushort)_shunt,
        Ina219Registers.BusVoltage => (ushort)((_busCount << Ina219Registers.BusVoltageValueShift)
            | (_ready ? Ina219Registers.ConversionReadyBit : 0) | (_overflow ? Ina219Registers.MathOverflowBit : 0)),
        Ina219Registers.Power => _power,
        Ina219Registers.Current => (ushort)_current,
        Ina219Registers.Calibration => _calibration,
        _ => throw new ArgumentOutOfRangeException(nameof(register), register, "the INA219 has registers 0..5"),
    };

    private void Reset()
    {
        _configuration = Ina219Registers.PowerOnConfiguration;
        (_calibration, _shunt, _busCount, _current, _power, _overflow) = (0, 0, 0, 0, 0, false);
        Restart();
    }

    private void Restart()
    {
        _cycleStart = _clock.MonotonicMicroseconds;
        _latched = 0;
        _ready = false;
    }

    private void Convert()
    {
        var mode = _configuration & Ina219Registers.ModeMask;
        if (mode == (int)Ina219Mode.PowerDown || mode == (int)Ina219Mode.AdcOff)
        {
            return;
        }

        // Mode bit 0 converts the shunt, bit 1 the bus; both: shunt first, then bus.
        long shuntTime = (mode & 1) != 0 ? Field(Ina219Registers.ShuntAdcMask, Ina219Registers.ShuntAdcShift) : 0;
        long busTime = (mode & 2) != 0 ? Field(Ina219Registers.BusAdcMask, Ina219Registers.BusAdcShift) : 0;

        var completed = (_clock.MonotonicMicroseconds - _cycleStart) / (shuntTime + busTime);
        if (mode < (int)Ina219Mode.AdcOff)
        {
            completed = Math.Min(completed, 1); // triggered: one conversion per configuration write
        }

        if (completed > _latched)
        {
            _latched = completed;
            Latch(_cycleStart + (completed * (shuntTime + busTime)), shuntTime, busTime);
        }
    }

    private long Field(ushort mask, int shift) => Ina219Adc.ConversionMicroseconds((Ina219AdcSetting)((_configuration & mask) >> shift));

    private void Latch(long end, long shuntTime, long busTime)
    {
        var overflow = false;
        if (busTime > 0)
        {
            var fullScale = (_configuration & Ina219Registers.BusRangeMask) != 0 ? Ina219Registers.BusFullScaleCount32Volts : Ina219Registers.BusFullScaleCount16Volts;
            _busCount = (int)Math.Clamp(Math.Round(MeanBusVolts(end - busTime, end) * 1000 / Ina219Registers.BusVoltageLsbMillivolts), 0, fullScale);
        }

        if (shuntTime > 0)
        {
            long from = end - busTime - shuntTime, to = end - busTime;
            var watts = _load.EnergyJoules(from, to) * 1e6 / (to - from);
            var volts = MeanBusVolts(from, to);
            var amps = volts > 0.001 ? watts / volts : 0;
            var counts = (long)Math.Round((Reversed ? -amps : amps) * ShuntMicroohms / Ina219Registers.ShuntVoltageLsbMicrovolts, MidpointRounding.AwayFromZero);
            long limit = Ina219Registers.ShuntFullScaleCountGain1 << ((_configuration & Ina219Registers.GainMask) >> Ina219Registers.GainShift);
            overflow = Math.Abs(counts) > limit;
            _shunt = (short)Math.Clamp(counts, -limit, limit);
        }

        long current = (long)_shunt * _calibration / Ina219Registers.CurrentDivisor;
        overflow |= current is > short.MaxValue or < short.MinValue;
        _current = (short)Math.Clamp(current, short.MinValue, short.MaxValue);
        long power = Math.Abs((long)_current) * _busCount / Ina219Registers.PowerDivisor;
        overflow |= power > ushort.MaxValue;
        _power = (ushort)Math.Min(power, ushort.MaxValue);
        _overflow = overflow;
        _ready = true;
        ConversionCount++;
    }

    private double MeanBusVolts(long from, long to)
    {
        if (RippleVolts == 0 || to <= from)
        {
            return BusVolts;
        }

        // Mean of sin(wt) over [from, to] = (cos(w from) - cos(w to)) / (w (to - from)).
        var w = 2 * Math.PI / RipplePeriodMicroseconds;
        return BusVolts + (RippleVolts * (Math.Cos(w * from) - Math.Cos(w * to)) / (w * (to - from)));
    }
}
