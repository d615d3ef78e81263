using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>The virtual meters at the frame level: what each request gets back, who answers, and the injected faults.</summary>
public sealed class VirtualPzemBusTests
{
    private readonly SimulatedClock _clock = new();

    [Theory]
    [InlineData("01 03 00 01 00 02 95 CB", "01 03 04 59 D8 00 01")] // holding: alarm threshold 23 000 W, address 1
    [InlineData("01 04 00 07 00 01 80 0B", "01 04 02 01 F4")] // frequency alone: 50.0 Hz
    [InlineData("01 04 00 0A 00 01 11 C8", "01 84 02")] // register 0x000A does not exist
    [InlineData("01 04 00 00 00 0B B1 CD", "01 84 02")] // eleven registers run past 0x0009
    [InlineData("01 04 00 00 00 00 F0 0A", "01 84 03")] // zero registers
    [InlineData("01 06 00 03 00 01 B8 0A", "01 86 02")] // no holding register 0x0003
    [InlineData("01 06 00 02 00 00 28 0A", "01 86 03")] // address 0 refused
    [InlineData("01 06 00 02 00 F8 29 88", "01 86 03")] // address 0xF8 refused
    [InlineData("01 05 00 00 FF 00 8C 3A", "01 85 01")] // function 0x05 not implemented
    [InlineData("F8 41 37 21 B7 78", "F8 C1 01")] // the virtual meter never calibrates
    public void Requests_get_data_or_error_replies(string request, string replyWithoutCrc)
    {
        var bus = new VirtualPzemBus(new VirtualPzem(0x01, new ConstantLoad(100), _clock));
        _clock.Advance(1_000_000);

        Assert.Equal(Hex.Of(Hex.WithCrc(replyWithoutCrc)), Hex.Of(Exchange(bus, Hex.Bytes(request))));
    }

    [Fact]
    public void Bad_crc_unknown_address_broadcast_reads_and_unpowered_meters_get_no_reply()
    {
        var meter = new VirtualPzem(0x01, new ConstantLoad(100), _clock);
        var bus = new VirtualPzemBus(meter);

        Assert.Empty(Exchange(bus, Hex.Bytes("01 04 00 00 00 0A 70 0C")));
        Assert.Empty(Exchange(bus, Hex.WithCrc("09 04 00 00 00 0A")));
        Assert.Empty(Exchange(bus, Hex.WithCrc("00 04 00 00 00 0A")));
        meter.Powered = false;
        Assert.Empty(Exchange(bus, Hex.Bytes("01 04 00 00 00 0A 70 0D")));

        Assert.Equal((4L, 1L), (bus.FramesReceived, bus.CrcRejected));
        Assert.Equal(0, meter.RepliesSent);
    }

    [Fact]
    public void A_broadcast_reset_clears_every_meter_without_a_reply()
    {
        var a = new VirtualPzem(0x01, new ConstantLoad(3600), _clock);
        var b = new VirtualPzem(0x02, new ConstantLoad(7200), _clock);
        var bus = new VirtualPzemBus(a, b);
        _clock.Advance(10_000_000);
        Assert.Equal((10L, 20L), (a.EnergyWattHours, b.EnergyWattHours));

        Assert.Empty(Exchange(bus, Hex.Bytes("00 42 81 81")));

        Assert.Equal((0L, 0L), (a.EnergyWattHours, b.EnergyWattHours));
    }

    [Fact]
    public void The_general_address_is_answered_by_the_only_powered_meter_and_collides_otherwise()
    {
        var a = new VirtualPzem(0x01, new ConstantLoad(100), _clock);
        var b = new VirtualPzem(0x02, new ConstantLoad(100), _clock) { Powered = false };
        var bus = new VirtualPzemBus(a, b);
        var request = Hex.Bytes("F8 03 00 02 00 01").Concat(Hex.Bytes("00 00")).ToArray();
        ModbusCrc.Append(request, 6);

        Assert.Equal(Hex.Of(Hex.WithCrc("F8 03 02 00 01")), Hex.Of(Exchange(bus, request)));

        b.Powered = true;
        Assert.Empty(Exchange(bus, request));
        Assert.Equal(1, bus.Collisions);
    }

    [Fact]
    public void Registers_refresh_once_a_second_with_the_average_power_of_the_last_second()
    {
        var meter = new VirtualPzem(0x01, new StepLoad(100, 300, 1_500_000), _clock);
        var cases = new (long At, long Deciwatts)[] { (999_999, 0), (1_000_000, 1000), (1_999_999, 1000), (2_000_000, 2000), (2_999_999, 2000), (3_000_000, 3000) };

        foreach (var (at, deciwatts) in cases)
        {
            _clock.Advance(at - _clock.MonotonicMicroseconds);
            Assert.True(deciwatts == PowerDeciwatts(meter), $"at {at} us");
        }
    }

    [Fact]
    public void Voltage_current_frequency_power_factor_and_alarm_registers()
    {
        var meter = new VirtualPzem(0x01, new ConstantLoad(1000), _clock, nominalVolts: 230.0, powerFactor: 0.98, frequencyHertz: 50.0);
        var bus = new VirtualPzemBus(meter);
        _clock.Advance(1_000_000);
        Span<ushort> r = stackalloc ushort[10];

        meter.FillInputRegisters(r);
        Assert.Equal("2300 4437 0 10000 0 0 0 500 98 0", string.Join(' ', r.ToArray())); // 1000 W / (230 V x 0.98) = 4.437 A

        Assert.Equal(Hex.Of(Hex.WithCrc("01 06 00 01 01 F4")), Hex.Of(Exchange(bus, Hex.WithCrc("01 06 00 01 01 F4")))); // threshold 500 W
        meter.FillInputRegisters(r);
        Assert.Equal(PzemRegisters.AlarmOn, r[PzemRegisters.AlarmRegister]);
    }

    [Fact]
    public void Energy_is_the_floor_of_the_exact_watt_hours_at_the_last_refresh()
    {
        var meter = new VirtualPzem(0x01, new ConstantLoad(3599), _clock);
        _clock.Advance(1_000_000);
        Assert.Equal(0, meter.EnergyWattHours); // 3599 J
        _clock.Advance(999_999);
        Assert.Equal(0, meter.EnergyWattHours); // not refreshed yet
        _clock.Advance(1);
        Assert.Equal(1, meter.EnergyWattHours); // 7198 J

        meter.ResetEnergySpontaneously();
        Assert.Equal(0, meter.EnergyWattHours);
        Assert.Equal(1, meter.EnergyResets);
    }

    [Fact]
    public void A_frame_may_span_writes_and_a_write_may_hold_several_frames()
    {
        var bus = new VirtualPzemBus(new VirtualPzem(0x01, new ConstantLoad(100), _clock), new VirtualPzem(0x02, new ConstantLoad(100), _clock));
        var one = Hex.Bytes("01 04 00 00 00 0A 70 0D");

        bus.Write(one, 0, 3);
        Assert.Equal(0, bus.BytesQueued);
        bus.Write(one, 3, 5);
        Assert.Equal(25, bus.BytesQueued);

        bus.DiscardInput();
        var both = one.Concat(Hex.Bytes("02 04 00 00 00 0A 70 3E")).ToArray();
        bus.Write(both, 0, both.Length);
        Assert.Equal(50, bus.BytesQueued);
    }

    [Fact]
    public void Reads_return_what_is_queued_and_zero_at_once_when_nothing_is()
    {
        var bus = new VirtualPzemBus(new VirtualPzem(0x01, new ConstantLoad(100), _clock));
        var buffer = new byte[64];

        Assert.Equal(0, bus.Read(buffer, 0, 64, timeoutMilliseconds: 60_000));
        Assert.Equal(1, bus.EmptyReads);

        bus.Write(Hex.Bytes("01 42 80 11"), 0, 4);
        Assert.Equal(3, bus.Read(buffer, 0, 3, 200));
        Assert.Equal(1, bus.Read(buffer, 3, 10, 200));
        Assert.Equal("01 42 80 11", Hex.Of(buffer.AsSpan(0, 4)));
    }

    [Fact]
    public void Reply_faults_do_what_they_say_for_the_requests_they_name()
    {
        var meter = new VirtualPzem(0x01, new ConstantLoad(100), _clock);
        var bus = new VirtualPzemBus(meter);
        var read = Hex.Bytes("01 04 00 00 00 0A 70 0D");

        meter.CorruptCrc(1);
        Assert.False(ModbusCrc.IsValid(Exchange(bus, read), 0, 25));
        Assert.True(ModbusCrc.IsValid(Exchange(bus, read), 0, 25));

        meter.TruncateReplies(1, keepBytes: 7);
        Assert.Equal(7, Exchange(bus, read).Length);
        Assert.Equal(25, Exchange(bus, read).Length);

        meter.DropReplies(2);
        Assert.Equal([0, 0, 25], new[] { Exchange(bus, read).Length, Exchange(bus, read).Length, Exchange(bus, read).Length });

        meter.FailWithSlaveError(1);
        Assert.Equal(Hex.Of(Hex.WithCrc("01 84 04")), Hex.Of(Exchange(bus, read)));

        meter.DelayReplies(1);
        bus.Write(read, 0, read.Length);
        Assert.Equal(0, bus.BytesQueued);
        Assert.Equal(0, bus.Read(new byte[25], 0, 25, 200)); // the master times out...
        Assert.Equal(25, bus.BytesQueued); // ...and then the reply lands
    }

    [Fact]
    public void A_no_reply_rate_is_reproducible_from_its_seed()
    {
        static string Pattern(int seed)
        {
            var clock = new SimulatedClock();
            var meter = new VirtualPzem(0x01, new ConstantLoad(100), clock);
            var bus = new VirtualPzemBus(meter);
            meter.SetNoReplyRate(0.3, seed);
            return string.Concat(Enumerable.Range(0, 200).Select(_ => Exchange(bus, Hex.Bytes("01 04 00 00 00 0A 70 0D")).Length == 0 ? 'x' : '.'));
        }

        Assert.Equal(Pattern(11), Pattern(11));
        Assert.NotEqual(Pattern(11), Pattern(12));
        Assert.InRange(Pattern(11).Count(c => c == 'x'), 35, 85);
    }

    private static byte[] Exchange(VirtualPzemBus bus, byte[] request)
    {
        bus.DiscardInput();
        bus.Write(request, 0, request.Length);
        var reply = new byte[bus.BytesQueued];
        bus.Read(reply, 0, reply.Length, 200);
        return reply;
    }

    private static long PowerDeciwatts(VirtualPzem meter)
    {
        Span<ushort> r = stackalloc ushort[10];
        meter.FillInputRegisters(r);
        return r[PzemRegisters.PowerLowRegister] | ((long)r[PzemRegisters.PowerLowRegister + 1] << 16);
    }
}
