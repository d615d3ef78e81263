using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>Timeouts, retries, stale input and the quiet line before each request; several meters on one bus.</summary>
public sealed class PzemClientTimingTests
{
    private const string ManualReply = "01 04 14 08 98 03 E8 00 00 08 98 00 00 00 00 00 00 01 F4 00 64 00 00 63 CE";

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 6)]
    public void Silence_is_retried_then_reported_as_no_reply(int retries, int attempts)
    {
        var port = new ScriptedSerialPort();
        var client = new PzemClient(port, 150, retries, 5);

        var status = client.ReadMeasurements(0x01, new PzemMeasurement());

        Assert.Equal(PzemStatus.NoReply, status);
        Assert.Equal(attempts, client.Requests);
        Assert.Equal(attempts, client.Timeouts);
        Assert.Equal(attempts, port.Discards); // input is dropped before every attempt
    }

    [Fact]
    public void Defaults_are_200_ms_two_retries_and_a_5_ms_gap()
    {
        var port = new ScriptedSerialPort();
        var client = new PzemClient(port);

        client.ReadMeasurements(0x01, new PzemMeasurement());

        Assert.Equal((200, 2, 5), (client.ReplyTimeoutMilliseconds, client.Retries, client.InterFrameGapMilliseconds));
        // Per attempt: one listening read of the gap, then one read for the reply's first bytes with the reply timeout.
        Assert.Equal([5, 200, 5, 200, 5, 200], port.ReadTimeouts);
    }

    [Fact]
    public void A_reply_after_two_silences_is_taken_on_the_last_retry()
    {
        var port = new ScriptedSerialPort().Reply(null, null, Hex.Bytes(ManualReply));
        var client = new PzemClient(port);

        Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x01, new PzemMeasurement()));
        Assert.Equal(3, client.Requests);
        Assert.Equal(2, client.Timeouts);
    }

    [Theory]
    [InlineData(5, PzemStatus.Ok, 7)]
    [InlineData(0, PzemStatus.BadCrc, 0)]
    public void Bytes_still_arriving_after_the_discard_are_drained_before_the_request(int gap, PzemStatus expected, long drained)
    {
        // The tail of a late reply (7 bytes of another meter's frame) arrives just after DiscardInput. Listening for a
        // quiet line drops it; without listening it would be read as the start of this request's reply.
        var port = new ScriptedSerialPort { ArrivingAfterNextDiscard = Hex.Bytes("02 04 14 08 98 03 E8") }.Reply(Hex.Bytes(ManualReply));
        var client = new PzemClient(port, 200, 0, gap);

        Assert.Equal(expected, client.ReadMeasurements(0x01, new PzemMeasurement()));
        Assert.Equal(drained, client.LateBytesDiscarded);
    }

    [Fact]
    public void A_line_that_never_falls_quiet_does_not_hold_the_client()
    {
        var port = new ScriptedSerialPort { Chatters = true };
        var client = new PzemClient(port);

        var status = client.ReadMeasurements(0x01, new PzemMeasurement());

        Assert.Equal(PzemStatus.BadFrame, status);
        Assert.Equal(3, client.Requests); // the requests still go out after a bounded wait
        Assert.True(port.ReadTimeouts.Count < 30, $"{port.ReadTimeouts.Count} reads");
    }

    [Fact]
    public void A_late_reply_from_one_meter_is_not_taken_for_the_next_meters_reply()
    {
        var clock = new SimulatedClock();
        var first = new VirtualPzem(0x01, new ConstantLoad(100), clock);
        var second = new VirtualPzem(0x02, new ConstantLoad(2000), clock);
        var bus = new VirtualPzemBus(first, second);
        clock.Advance(1_000_000);
        // No listening (gap 0), no retries: DiscardInput alone must drop the late reply.
        var client = new PzemClient(bus, 200, 0, 0);
        var m = new PzemMeasurement();
        first.DelayReplies(1);

        Assert.Equal(PzemStatus.NoReply, client.ReadMeasurements(0x01, m));
        Assert.Equal(25, bus.BytesQueued); // meter 1's reply has landed, after the client stopped waiting

        Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x02, m));
        Assert.Equal(20_000, m.PowerDeciwatts);
    }

    [Fact]
    public void Two_meters_on_one_bus_answer_independently()
    {
        var clock = new SimulatedClock();
        var one = new VirtualPzem(0x01, new ConstantLoad(150.5), clock);
        var two = new VirtualPzem(0x02, new ConstantLoad(2750), clock, nominalVolts: 240.0);
        var bus = new VirtualPzemBus(one, two);
        var client = new PzemClient(bus);
        var m1 = new PzemMeasurement();
        var m2 = new PzemMeasurement();
        two.DropReplies(3);

        for (int second = 1; second <= 5; second++)
        {
            clock.Advance(1_000_000);
            Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x01, m1));
            Assert.Equal(second == 1 ? PzemStatus.NoReply : PzemStatus.Ok, client.ReadMeasurements(0x02, m2));
        }

        Assert.Equal((1505L, 2300), (m1.PowerDeciwatts, m1.VoltageDecivolts));
        Assert.Equal((27_500L, 2400), (m2.PowerDeciwatts, m2.VoltageDecivolts));
        Assert.Equal(3, client.Timeouts); // all of them meter 2's
    }
}
