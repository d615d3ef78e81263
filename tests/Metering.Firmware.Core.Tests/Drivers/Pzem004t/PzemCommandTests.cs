using System.Reflection;
using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>The technician commands: reset energy and set address; and the command the driver never sends (0x41).</summary>
public sealed class PzemCommandTests
{
    private readonly SimulatedClock _clock = new();

    [Fact]
    public void Reset_energy_sends_addr_42_crc_and_takes_the_echo()
    {
        var port = new ScriptedSerialPort().Reply(Hex.Bytes("01 42 80 11"));
        var client = new PzemClient(port);

        Assert.Equal(PzemStatus.Ok, client.ResetEnergy(0x01));
        Assert.Equal("01 42 80 11", Hex.Of(port.Written.Single()));
    }

    [Fact]
    public void After_a_reset_the_energy_register_reads_zero_and_counts_again()
    {
        var meter = new VirtualPzem(0x01, new ConstantLoad(1000), _clock);
        var client = new PzemClient(new VirtualPzemBus(meter));
        var m = new PzemMeasurement();
        _clock.Advance(7_200_000_000); // two hours at 1 kW

        Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x01, m));
        Assert.Equal(2000, m.EnergyWattHours);

        Assert.Equal(PzemStatus.Ok, client.ResetEnergy(0x01));
        Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x01, m));
        Assert.Equal(0, m.EnergyWattHours);
        Assert.Equal(1, meter.EnergyResets);

        _clock.Advance(3_600_000_000);
        Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x01, m));
        Assert.Equal(1000, m.EnergyWattHours);
    }

    [Theory]
    [InlineData("02 42 80 E1", PzemStatus.BadFrame)] // an echo from another address
    [InlineData("01 42 80 10", PzemStatus.BadCrc)]
    [InlineData("01 C2 01 B0 A0", PzemStatus.Exception)]
    public void Reset_energy_refuses_what_is_not_its_echo(string reply, PzemStatus expected)
    {
        var port = new ScriptedSerialPort().Reply(Hex.Bytes(reply));

        Assert.Equal(expected, new PzemClient(port).ResetEnergy(0x01));
        Assert.Single(port.Written); // commands that change the meter are sent once
    }

    [Fact]
    public void Set_address_writes_holding_register_2_and_takes_the_echo()
    {
        var port = new ScriptedSerialPort().Reply(Hex.Bytes("01 06 00 02 00 05 E8 09"));

        Assert.Equal(PzemStatus.Ok, new PzemClient(port).SetAddress(0x01, 0x05));
        Assert.Equal("01 06 00 02 00 05 E8 09", Hex.Of(port.Written.Single()));
    }

    [Fact]
    public void An_echo_with_another_value_is_a_bad_frame()
    {
        var port = new ScriptedSerialPort().Reply(Hex.WithCrc("01 06 00 02 00 06"));

        Assert.Equal(PzemStatus.BadFrame, new PzemClient(port).SetAddress(0x01, 0x05));
    }

    [Fact]
    public void After_set_address_the_meter_answers_at_its_new_address_only()
    {
        var meter = new VirtualPzem(0x01, new ConstantLoad(500), _clock);
        var client = new PzemClient(new VirtualPzemBus(meter));
        var m = new PzemMeasurement();

        Assert.Equal(PzemStatus.Ok, client.SetAddress(0x01, 0x21));

        Assert.Equal(0x21, meter.Address);
        Assert.Equal(PzemStatus.NoReply, client.ReadMeasurements(0x01, m));
        Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x21, m));
    }

    [Fact]
    public void The_general_address_sets_a_meter_alone_on_the_bus_and_collides_with_two()
    {
        var alone = new VirtualPzem(0x01, new ConstantLoad(500), _clock);
        var bus = new VirtualPzemBus(alone);
        var client = new PzemClient(bus);

        Assert.Equal(PzemStatus.Ok, client.SetAddress(PzemRegisters.GeneralAddress, 0x07));
        Assert.Equal(0x07, alone.Address);

        var other = new VirtualPzem(0x02, new ConstantLoad(500), _clock);
        bus.Add(other);
        Assert.Equal(PzemStatus.NoReply, client.SetAddress(PzemRegisters.GeneralAddress, 0x09));
        Assert.Equal((0x07, 0x02), (alone.Address, other.Address));
        Assert.Equal(1, bus.Collisions);
    }

    [Theory]
    [InlineData(0x01, 0x00, "newAddress")]
    [InlineData(0x01, 0xF8, "newAddress")]
    [InlineData(0x01, 0xFF, "newAddress")]
    [InlineData(0x00, 0x05, "currentAddress")]
    [InlineData(0xF9, 0x05, "currentAddress")]
    [InlineData(0x05, 0x05, "newAddress")]
    public void Set_address_validates_before_sending(byte current, byte next, string parameter)
    {
        var port = new ScriptedSerialPort();

        var e = Assert.ThrowsAny<ArgumentException>(() => new PzemClient(port).SetAddress(current, next));

        Assert.Equal(parameter, e.ParamName);
        Assert.Empty(port.Written);
    }

    [Fact]
    public void Set_address_is_sent_once_even_without_an_echo()
    {
        var port = new ScriptedSerialPort();
        var client = new PzemClient(port);

        Assert.Equal(PzemStatus.NoReply, client.SetAddress(0x01, 0x02));
        Assert.Equal(1, client.Requests);
    }

    [Fact]
    public void The_client_offers_no_calibration_and_never_puts_0x41_on_the_wire()
    {
        var methods = typeof(PzemClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(mi => !mi.IsSpecialName).Select(mi => mi.Name).Order();
        Assert.Equal(["ReadMeasurements", "ResetEnergy", "SetAddress"], methods);

        // A whole session, faults included, through a port that records every frame.
        var meter = new VirtualPzem(0x01, new ConstantLoad(800), _clock);
        var bus = new VirtualPzemBus(meter, new VirtualPzem(0x02, new ConstantLoad(80), _clock));
        var client = new PzemClient(bus);
        var m = new PzemMeasurement();
        meter.SetNoReplyRate(0.3, seed: 7);
        meter.CorruptCrc(2);
        for (int i = 0; i < 50; i++)
        {
            _clock.Advance(1_000_000);
            client.ReadMeasurements(0x01, m);
            client.ReadMeasurements(0x02, m);
        }

        client.ResetEnergy(0x02);
        client.SetAddress(0x02, 0x03);
        client.ReadMeasurements(0x03, m);

        Assert.Equal(0, bus.FramesWithFunction(0x41));
        Assert.True(bus.FramesWithFunction(PzemRegisters.ReadInputRegisters) >= 101);
        Assert.Equal(1, bus.FramesWithFunction(PzemRegisters.ResetEnergy));
        Assert.Equal(1, bus.FramesWithFunction(PzemRegisters.WriteSingleRegister));
        Assert.Equal(client.Requests, bus.FramesReceived);
    }
}
