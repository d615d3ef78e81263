using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Core.Platform;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Host.Virtual;

/// <summary>
/// One simulated PZEM-004T v3.0 on a <see cref="VirtualPzemBus"/>: it measures <see cref="ILoadProfile"/> watts at a
/// fixed voltage, power factor and frequency, refreshes its registers once a second like the real meter, keeps an
/// energy register, answers Modbus-RTU requests, and misbehaves on demand (see the fault methods).
/// </summary>
/// <remarks>
/// Registers as of a read at time t: the last refresh happened at r = created + k x 1 s (the largest such r &lt;= t).
/// Power is the average over [r - 1 s, r] (the exact load energy over that window), current = P / (V x PF), energy
/// = floor(exact energy from the creation or last reset up to r, in Wh). Before the first refresh every measurement
/// reads 0, as a meter that has just powered up. <see cref="Powered"/> only silences the meter: the load profile is
/// the truth about the feed, so model a real outage with a load of 0 W.
/// </remarks>
public sealed partial class VirtualPzem
{
    /// <summary>Register refresh period: about once a second on the real meter.</summary>
    public const long RefreshMicroseconds = 1_000_000;

    /// <summary>Default alarm threshold in watts (the meter's 100 A range tops out at 23 kW).</summary>
    public const int DefaultAlarmThresholdWatts = 23_000;

    private readonly ILoadProfile _load;
    private readonly IClock _clock;
    private readonly long _createdMicroseconds;
    private readonly Lock _lock = new();
    private long _energyOriginMicroseconds;
    private byte _address;
    private bool _powered = true;
    private int _alarmThresholdWatts = DefaultAlarmThresholdWatts;

    /// <summary>A meter at <paramref name="address"/> (0x01-0xF7) measuring <paramref name="load"/> on <paramref name="clock"/>'s time.</summary>
    public VirtualPzem(byte address, ILoadProfile load, IClock clock, double nominalVolts = 230.0, double powerFactor = 0.98, double frequencyHertz = 50.0)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(clock);
        if (!PzemRegisters.IsIndividualAddress(address))
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, "must be 0x01-0xF7");
        }

        if (!(nominalVolts > 0 && nominalVolts < 6553.5))
        {
            throw new ArgumentOutOfRangeException(nameof(nominalVolts), nominalVolts, "must fit the 0.1 V register");
        }

        if (!(powerFactor > 0 && powerFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(powerFactor), powerFactor, "must be in (0, 1]");
        }

        if (!(frequencyHertz > 0 && frequencyHertz < 6553.5))
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHertz), frequencyHertz, "must fit the 0.1 Hz register");
        }

        _address = address;
        _load = load;
        _clock = clock;
        NominalVolts = nominalVolts;
        PowerFactor = powerFactor;
        FrequencyHertz = frequencyHertz;
        _createdMicroseconds = clock.MonotonicMicroseconds;
        _energyOriginMicroseconds = _createdMicroseconds;
    }

    /// <summary>The meter's slave address; the set-address command changes it.</summary>
    public byte Address
    {
        get { lock (_lock) { return _address; } }
    }

    /// <summary>False models a meter without mains on its measuring side: it answers nothing.</summary>
    public bool Powered
    {
        get { lock (_lock) { return _powered; } }
        set { lock (_lock) { _powered = value; } }
    }

    /// <summary>Holding register 0x0001: the power alarm threshold in watts.</summary>
    public int AlarmThresholdWatts
    {
        get { lock (_lock) { return _alarmThresholdWatts; } }
    }

    /// <summary>RMS voltage the meter reports, in volts.</summary>
    public double NominalVolts { get; }

    /// <summary>Power factor the meter reports; current is derived from it.</summary>
    public double PowerFactor { get; }

    /// <summary>Line frequency the meter reports, in hertz.</summary>
    public double FrequencyHertz { get; }

    /// <summary>Energy register resets so far, by command or spontaneous.</summary>
    public int EnergyResets { get; private set; }

    /// <summary>Replies this meter put on the line (faulty ones included).</summary>
    public long RepliesSent { get; private set; }

    /// <summary>The energy register as a read now would report it, in watt-hours.</summary>
    public long EnergyWattHours
    {
        get
        {
            Span<ushort> registers = stackalloc ushort[PzemRegisters.InputRegisterCount];
            FillInputRegisters(registers);
            return registers[PzemRegisters.EnergyLowRegister] | ((long)registers[PzemRegisters.EnergyLowRegister + 1] << 16);
        }
    }

    /// <summary>Fills the ten input registers (0x0000-0x0009) as a read now would report them.</summary>
    public void FillInputRegisters(Span<ushort> registers)
    {
        lock (_lock)
        {
            registers[..PzemRegisters.InputRegisterCount].Clear();
            long elapsed = _clock.MonotonicMicroseconds - _createdMicroseconds;
            if (elapsed < RefreshMicroseconds)
            {
                return;
            }

            long refreshedAt = _createdMicroseconds + (elapsed / RefreshMicroseconds * RefreshMicroseconds);
            double watts = Math.Max(0, _load.EnergyJoules(refreshedAt - RefreshMicroseconds, refreshedAt) * 1e6 / RefreshMicroseconds);
            double joules = refreshedAt > _energyOriginMicroseconds ? _load.EnergyJoules(_energyOriginMicroseconds, refreshedAt) : 0;
            long deciwatts = Counts(watts * 10);
            long milliamps = Counts(watts / (NominalVolts * PowerFactor) * 1000);
            long wattHours = (long)Math.Clamp(Math.Floor(joules / 3600), 0, uint.MaxValue);

            registers[PzemRegisters.VoltageRegister] = (ushort)Counts(NominalVolts * 10);
            SetLowWordFirst(registers, PzemRegisters.CurrentLowRegister, milliamps);
            SetLowWordFirst(registers, PzemRegisters.PowerLowRegister, deciwatts);
            SetLowWordFirst(registers, PzemRegisters.EnergyLowRegister, wattHours);
            registers[PzemRegisters.FrequencyRegister] = (ushort)Counts(FrequencyHertz * 10);
            registers[PzemRegisters.PowerFactorRegister] = (ushort)Counts(PowerFactor * 100);
            registers[PzemRegisters.AlarmRegister] = watts >= _alarmThresholdWatts ? PzemRegisters.AlarmOn : PzemRegisters.AlarmOff;
        }
    }

    /// <summary>The energy register drops to 0 now, as after a reset command (models the reported spontaneous resets).</summary>
    public void ResetEnergySpontaneously() => ResetEnergyNow();

    private void ResetEnergyNow()
    {
        lock (_lock)
        {
            _energyOriginMicroseconds = _clock.MonotonicMicroseconds;
            EnergyResets++;
        }
    }

    private static long Counts(double value) => (long)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, uint.MaxValue);

    private static void SetLowWordFirst(Span<ushort> registers, int low, long value)
    {
        registers[low] = (ushort)(value & 0xFFFF);
        registers[low + 1] = (ushort)(value >> 16);
    }
}
