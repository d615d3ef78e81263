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

    [Theory]
    [InlineData(0)]
    [InlineData(40)] // acknowledgements of status and events, each settled after its publish, never crowd it out
    public void An_acknowledgement_that_arrives_before_mark_sent_is_not_lost(int otherAcknowledgementsBefore)
    {
        var q = new TelemetryQueue(2, TelemetryQueue.SlotBytesFor(1));
        for (var other = 100; other < 100 + otherAcknowledgementsBefore; other++)
        {
            q.Acknowledge(other);
            q.ForgetEarlyAcks();
        }

        q.Enqueue(Window(0, 1));
        q.PeekUnsent(out _);

        q.Acknowledge(7);
        q.MarkSent(7);

        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void A_stale_acknowledgement_is_forgotten_and_cannot_acknowledge_a_later_window_that_reuses_its_id()
    {
        var q = new TelemetryQueue(4, TelemetryQueue.SlotBytesFor(1));
        q.Acknowledge(9);
        q.ForgetEarlyAcks();
        q.Enqueue(Window(0, 1));
        q.PeekUnsent(out _);

        q.MarkSent(9);

        Assert.Equal((1, 1), (q.Count, q.InFlight));
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

    private static TelemetryMessage Widest(int channels) => new()
    {
        DeviceId = new string('d', 32), Incarnation = ProtocolLimits.MaxSafeInteger, Boot = uint.MaxValue, Sequence = ProtocolLimits.MaxSafeInteger,
        WindowStartMs = ProtocolLimits.MaxSafeInteger, WindowEndMs = ProtocolLimits.MaxSafeInteger, UptimeMs = ProtocolLimits.MaxSafeInteger, ClockSynced = false,
        Channels = [.. Enumerable.Range(0, channels).Select(i => new ChannelReading
        {
            ChannelId = 31 - i, Kind = SensorKind.Pzem004t, Epoch = ProtocolLimits.MaxSafeInteger, EnergyMillijoules = ProtocolLimits.MaxSafeInteger,
            PreviousEpoch = ProtocolLimits.MaxSafeInteger - 1, PreviousEnergyMillijoules = ProtocolLimits.MaxSafeInteger,
            SampleCount = 1_000_000, ErrorCount = 1_000_000, PowerMeanMilliwatts = 100_000_000, PowerMinMilliwatts = 100_000_000,
            PowerMaxMilliwatts = 100_000_000, VoltageMeanMillivolts = 1_000_000, CurrentMeanMilliamps = 1_000_000,
        })],
    };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(13)]
    public void A_slot_holds_the_widest_possible_message_lineages_included(int channels) =>
        Assert.True(TelemetryCodec.Encode(Widest(channels)).Length <= TelemetryQueue.SlotBytesFor(channels));

    [Theory]
    [InlineData(14)]
    [InlineData(16)]
    public void Beyond_the_payload_limit_the_widest_window_is_queued_without_its_lineages(int channels)
    {
        var q = new TelemetryQueue(2, TelemetryQueue.SlotBytesFor(channels));
        var widest = Widest(channels);

        Assert.True(q.Enqueue(widest));

        Assert.Equal((1, 0L), (q.Count, q.Dropped));
        Assert.All(widest.Channels, c => Assert.Equal((ChannelReading.Absent, ChannelReading.Absent), (c.PreviousEpoch, c.PreviousEnergyMillijoules)));
        Assert.Equal(ProtocolLimits.MaxPayloadBytes, TelemetryQueue.SlotBytesFor(channels));
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

public sealed class TelemetryQueueResizeTests
{
    private static TelemetryMessage Window(long seq, int channels) => new()
    {
        DeviceId = "q", Boot = 1, Sequence = seq, WindowStartMs = seq * 10_000, WindowEndMs = (seq + 1) * 10_000, ClockSynced = true,
        Channels = [.. Enumerable.Range(0, channels).Select(i => new ChannelReading { ChannelId = i, Kind = SensorKind.Ina219, Epoch = 1, EnergyMillijoules = ProtocolLimits.MaxSafeInteger, SampleCount = 0 })],
    };

    [Fact]
    public void A_queued_window_too_large_for_the_new_slots_after_a_config_change_is_counted_as_dropped()
    {
        var old = new TelemetryQueue(4, TelemetryQueue.SlotBytesFor(8));
        old.Enqueue(Window(0, 8));
        old.Enqueue(Window(1, 1));
        var resized = new TelemetryQueue(4, TelemetryQueue.SlotBytesFor(1));

        old.DrainInto(resized);

        Assert.Equal((1, 1L), (resized.Count, resized.Dropped));
    }
}
