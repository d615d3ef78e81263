using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>What goes wrong on a real bus and chip, and what the sensor makes of it: a fault token, a count, never a value.</summary>
public sealed class Ina219FaultTests
{
    [Fact]
    public void An_absent_device_is_nack_counted_and_recovers_when_it_answers()
    {
        var rig = new Ina219Rig(new ConstantLoad(120));
        rig.Device.Absent = true;

        Assert.False(rig.Read());
        Assert.Equal(SensorFaults.Nack, rig.Sample.Fault);
        Assert.Equal(1, rig.Driver.NackCount);
        Assert.False(rig.Driver.IsInitialized);

        rig.Device.Absent = false;
        Assert.False(rig.Read()); // initializes
        Assert.Equal(SensorFaults.NotReady, rig.Sample.Fault);
        Assert.True(rig.Read());
        Assert.Equal(120_000, rig.Sample.PowerMilliwatts);
    }

    [Fact]
    public void A_device_that_stops_answering_mid_run_gives_nack_samples_not_values()
    {
        var rig = new Ina219Rig(new ConstantLoad(120)).Started();
        Assert.True(rig.Read());
        rig.Device.Absent = true;

        Assert.False(rig.Read());

        Assert.Equal(SensorFaults.Nack, rig.Sample.Fault);
        Assert.Equal(1, rig.Driver.NackCount);
        rig.Device.Absent = false;
        Assert.True(rig.Read());
    }

    public static readonly TheoryData<byte, BusStatus, string> FailedTransfers = new()
    {
        { Ina219Registers.BusVoltage, BusStatus.NoAcknowledge, SensorFaults.Nack },
        { Ina219Registers.BusVoltage, BusStatus.PartialTransfer, SensorFaults.BusError },
        { Ina219Registers.Current, BusStatus.PartialTransfer, SensorFaults.BusError },
        { Ina219Registers.Current, BusStatus.Error, SensorFaults.BusError },
        { Ina219Registers.Power, BusStatus.PartialTransfer, SensorFaults.BusError },
        { Ina219Registers.Power, BusStatus.NoAcknowledge, SensorFaults.Nack },
        { Ina219Registers.Calibration, BusStatus.Error, SensorFaults.BusError },
    };

    [Theory]
    [MemberData(nameof(FailedTransfers))]
    public void A_failed_transfer_on_any_register_of_a_read_fails_the_sample(byte register, BusStatus failure, string fault)
    {
        var bus = new RegisterMapBus();
        var driver = new Ina219(bus, 100_000, 2_000, Ina219BusRange.Volts32);
        var sensor = new Ina219Sensor(driver);
        var sample = new PowerSample();
        sensor.Read(sample);
        bus.Load(busCount: 3000, shunt: 10_000, current: 10_000, power: 6000);
        bus.FailReads[register] = failure;

        Assert.False(sensor.Read(sample));

        Assert.Equal(fault, sample.Fault);
        Assert.Equal(1, driver.NackCount + driver.BusErrorCount);
        bus.FailReads.Clear();
        Assert.True(sensor.Read(sample));
        Assert.Equal(12_000, sample.PowerMilliwatts);
    }

    [Fact]
    public void Periodic_bus_errors_are_each_counted_once_and_every_accepted_sample_is_right()
    {
        var rig = new Ina219Rig(new ConstantLoad(250)).Started();
        rig.Device.FailEveryNthTransfer = 7;
        rig.Device.InjectedFailure = BusStatus.PartialTransfer;
        int good = 0, busErrors = 0;

        for (var i = 0; i < 1_000; i++)
        {
            if (rig.Read())
            {
                good++;
                Assert.InRange(rig.Sample.PowerMilliwatts, 250_000 - rig.ToleranceMilliwatts(12, 250 / 12.0), 250_000 + rig.ToleranceMilliwatts(12, 250 / 12.0));
            }
            else
            {
                Assert.Equal(SensorFaults.BusError, rig.Sample.Fault);
                busErrors++;
            }
        }

        Assert.Equal(rig.Device.InjectedFailureCount, rig.Driver.BusErrorCount);
        Assert.Equal(busErrors, rig.Driver.BusErrorCount);
        Assert.InRange(good, 400, 800);
    }

    [Fact]
    public void A_current_beyond_the_current_register_sets_ovf_and_the_conversion_is_refused_once()
    {
        // 70 A on 1 mOhm: 70 mV fits the 80 mV PGA, but 7000 x 20480 / 4096 = 35000 counts do not fit 16 bits signed.
        var rig = new Ina219Rig(new ConstantLoad(12 * 70)).Started();

        Assert.False(rig.Sensor.Read(rig.Sample));
        Assert.Equal(SensorFaults.Overflow, rig.Sample.Fault);
        Assert.False(rig.Sensor.Read(rig.Sample)); // same conversion: power was read, CNVR is clear
        Assert.Equal(SensorFaults.NotReady, rig.Sample.Fault);
        Assert.Equal(1, rig.Driver.OverflowCount);
    }

    [Fact]
    public void A_shunt_voltage_beyond_the_pga_range_sets_ovf()
    {
        var rig = new Ina219Rig(new ConstantLoad(12 * 90)).Started(); // 90 mV on the 80 mV range

        Assert.False(rig.Read());

        Assert.Equal(SensorFaults.Overflow, rig.Sample.Fault);
        rig.Driver.ReadShuntVoltage(out var microvolts);
        Assert.Equal(80_000, microvolts);
    }

    [Fact]
    public void Reading_faster_than_the_conversion_cycle_gives_not_ready_until_the_next_conversion()
    {
        var rig = new Ina219Rig(new ConstantLoad(60)).Started();
        Assert.True(rig.Sensor.Read(rig.Sample));

        rig.Clock.Advance(1_000); // the cycle is 34,050 + 532 us (64 samples, the default)
        Assert.False(rig.Sensor.Read(rig.Sample));
        Assert.Equal(SensorFaults.NotReady, rig.Sample.Fault);

        rig.Clock.Advance(34_582);
        Assert.True(rig.Sensor.Read(rig.Sample));
        Assert.Equal(1, rig.Driver.NotReadyCount);
    }

    [Fact]
    public void A_power_cycled_device_is_caught_by_the_calibration_check_and_re_initialized()
    {
        var rig = new Ina219Rig(new ConstantLoad(120)).Started();
        Assert.True(rig.Read());

        rig.Device.PowerCycle();
        rig.Clock.Advance(10_000); // converting at power-on settings with calibration 0: current and power read 0

        Assert.False(rig.Read());
        Assert.Equal(SensorFaults.NotReady, rig.Sample.Fault);
        Assert.Equal(1, rig.Driver.CalibrationLossCount);
        Assert.Equal(rig.Driver.CalibrationValue, rig.Device.Peek(Ina219Registers.Calibration));
        Assert.True(rig.Read());
        Assert.Equal(120_000, rig.Sample.PowerMilliwatts);
    }

    [Fact]
    public void With_a_check_every_5_reads_a_power_cycle_costs_at_most_4_zero_samples()
    {
        var rig = new Ina219Rig(new ConstantLoad(120), checkInterval: 5).Started();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(rig.Read());
        }

        rig.Device.PowerCycle();
        rig.Clock.Advance(10_000);
        var zeros = 0;
        while (rig.Read() && zeros < 10)
        {
            Assert.Equal(0, rig.Sample.PowerMilliwatts);
            zeros++;
        }

        Assert.Equal(SensorFaults.NotReady, rig.Sample.Fault);
        Assert.Equal(1, rig.Driver.CalibrationLossCount);
        Assert.InRange(zeros, 0, 4);
        Assert.True(rig.Read());
        Assert.Equal(120_000, rig.Sample.PowerMilliwatts);
    }

    [Fact]
    public void After_any_failed_read_the_next_read_checks_the_calibration_whatever_the_interval()
    {
        var rig = new Ina219Rig(new ConstantLoad(120), checkInterval: 1_000).Started();
        Assert.True(rig.Read());

        rig.Device.Absent = true;
        Assert.False(rig.Read());
        rig.Device.PowerCycle(); // unplugged and plugged back in
        rig.Device.Absent = false;
        rig.Clock.Advance(10_000);

        Assert.False(rig.Read());
        Assert.Equal(1, rig.Driver.CalibrationLossCount);
    }

    [Fact]
    public void A_device_that_does_not_hold_what_is_written_fails_initialization_as_a_bus_error()
    {
        var bus = new RegisterMapBus();
        bus.IgnoreWrites.Add(Ina219Registers.Calibration);
        var driver = new Ina219(bus, 100_000, 2_000, Ina219BusRange.Volts32);
        var sample = new PowerSample();

        Assert.False(new Ina219Sensor(driver).Read(sample));

        Assert.Equal(SensorFaults.BusError, sample.Fault);
        Assert.Equal(1, driver.VerifyFailureCount);
        Assert.False(driver.IsInitialized);
    }

    [Theory]
    [InlineData(1)] // RST
    [InlineData(2)] // configuration
    [InlineData(3)] // calibration
    [InlineData(4)] // configuration read-back
    [InlineData(5)] // calibration read-back
    public void Initialize_stops_at_the_first_failed_transfer_and_reports_it(int failing)
    {
        var rig = new Ina219Rig(new ConstantLoad(0));
        rig.Device.FailEveryNthTransfer = failing;

        Assert.Equal(BusStatus.Error, rig.Driver.Initialize());

        Assert.Equal((1, (long)failing), (rig.Driver.BusErrorCount, rig.Device.TransferCount));
        Assert.False(rig.Driver.IsInitialized);
    }
}
