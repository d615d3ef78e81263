using Metering.Firmware.Core.Forwarding;

namespace Metering.Firmware.Core.Tests.Forwarding;

public sealed class TelemetryQueueTests
{
    private static TelemetryMessage Window(long seq, long energy) => new()
    {
        DeviceId = "q", Boot = 1, Sequence = seq, WindowStartMs = seq * 10_000, WindowEndMs = (seq + 1) * 10_000, ClockSynced = true,
        Channels = [new ChannelReading { ChannelId = 0, Kind = SensorKind.Ina219, Epoch = 1, EnergyMillijoules = energy, SampleCount = 0 }],
    };

    private static long SeqOf(byte[] slot, int length) => TelemetryCodec.Decode(slot, 0, length, out _)!.Sequence;

    [Fact]
    public void Windows_leave_in_order_and_only_when_acknowledged()
    {
        var q = new TelemetryQueue(4, TelemetryQueue.SlotBytesFor(1));
        q.Enqueue(Window(0, 10));
        q.Enqueue(Window(1, 20));

        var first = q.PeekUnsent(out var n1);
        Assert.Equal(0, SeqOf(first!, n1));
        q.MarkSent(11);
        var second = q.PeekUnsent(out var n2);
        Assert.Equal(1, SeqOf(second!, n2));
        q.MarkSent(12);
        Assert.Null(q.PeekUnsent(out _));

        q.Acknowledge(12);
        Assert.Equal(2, q.Count);
        q.Acknowledge(11);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void When_full_the_oldest_is_dropped_and_counted_and_the_newest_kept()
    {
        var q = new TelemetryQueue(3, TelemetryQueue.SlotBytesFor(1));

        for (var i = 0; i < 5; i++)
        {
            q.Enqueue(Window(i, i * 100));
        }

        Assert.Equal((3, 2L), (q.Count, q.Dropped));
        var oldest = q.PeekUnsent(out var n);
        Assert.Equal(2, SeqOf(oldest!, n));
    }

    [Fact]
    public void An_acknowledgement_that_arrives_before_mark_sent_is_not_lost()
    {
        var q = new TelemetryQueue(2, TelemetryQueue.SlotBytesFor(1));
        q.Enqueue(Window(0, 1));
        q.PeekUnsent(out _);

        q.Acknowledge(7);
        q.MarkSent(7);

        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void After_a_reconnect_unacknowledged_windows_are_sent_again_from_the_oldest()
    {
        var q = new TelemetryQueue(4, TelemetryQueue.SlotBytesFor(1));
        q.Enqueue(Window(0, 1));
        q.Enqueue(Window(1, 2));
        q.PeekUnsent(out _);
        q.MarkSent(1);
        q.PeekUnsent(out _);
        q.MarkSent(2);

        q.ResendUnacknowledged();

        var again = q.PeekUnsent(out var n);
        Assert.Equal(0, SeqOf(again!, n));
        Assert.Equal(0, q.InFlight);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public void A_slot_holds_the_widest_possible_message(int channels)
    {
        var widest = new TelemetryMessage
        {
            DeviceId = new string('d', 32), Boot = uint.MaxValue, Sequence = ProtocolLimits.MaxSafeInteger,
            WindowStartMs = ProtocolLimits.MaxSafeInteger, WindowEndMs = ProtocolLimits.MaxSafeInteger, ClockSynced = false,
            Channels = [.. Enumerable.Range(0, channels).Select(i => new ChannelReading
            {
                ChannelId = 31 - i, Kind = SensorKind.Pzem004t, Epoch = ProtocolLimits.MaxSafeInteger, EnergyMillijoules = ProtocolLimits.MaxSafeInteger,
                SampleCount = 1_000_000, ErrorCount = 1_000_000, PowerMeanMilliwatts = 100_000_000, PowerMinMilliwatts = 100_000_000,
                PowerMaxMilliwatts = 100_000_000, VoltageMeanMillivolts = 1_000_000, CurrentMeanMilliamps = 1_000_000,
            })],
        };

        Assert.True(TelemetryCodec.Encode(widest).Length <= TelemetryQueue.SlotBytesFor(channels));
    }

    [Fact]
    public void Draining_into_a_new_queue_keeps_order_and_the_drop_count()
    {
        var a = new TelemetryQueue(2, TelemetryQueue.SlotBytesFor(1));
        for (var i = 0; i < 3; i++)
        {
            a.Enqueue(Window(i, i));
        }

        var b = new TelemetryQueue(8, TelemetryQueue.SlotBytesFor(2));
        a.DrainInto(b);

        Assert.Equal((0, 2, 1L), (a.Count, b.Count, b.Dropped));
        Assert.Equal(1, SeqOf(b.PeekUnsent(out var n)!, n));
    }
}
