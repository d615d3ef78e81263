using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

/// <summary>
/// One row per rule: the channel's baseline is boot 1, seq 5, epoch 7, counter 1000 mJ, ending at 100 000 ms; the
/// row's reading follows it. README.md "Rules" states the same table.
/// </summary>
public sealed class IntervalRuleTests
{
    private static readonly Metering.Collector.Ingest.AcceptedReading Previous = Readings.R(1, 5, 7, 1_000, 100_000);

    public static TheoryData<string, long, long, long, long, long, long, ReadingOutcome, long, BridgeReason> IntervalRows => new()
    {
        // name, boot, seq, epoch, counter, end, window -> outcome, energy, bridge
        { "next window", 1, 6, 7, 1_500, 110_000, 10_000, ReadingOutcome.Interval, 500, BridgeReason.None },
        { "next window, no energy", 1, 6, 7, 1_000, 110_000, 10_000, ReadingOutcome.Interval, 0, BridgeReason.None },
        { "next window, 1.5 windows exactly", 1, 6, 7, 1_600, 115_000, 10_000, ReadingOutcome.Interval, 600, BridgeReason.None },
        { "next window after 1.6 windows", 1, 6, 7, 1_600, 116_000, 10_000, ReadingOutcome.Bridged, 600, BridgeReason.TimeGap },
        { "short window, long elapsed", 1, 6, 7, 1_100, 110_000, 4_000, ReadingOutcome.Bridged, 100, BridgeReason.TimeGap },
        { "empty window: 10 s fallback, in time", 1, 6, 7, 1_100, 110_000, 0, ReadingOutcome.Interval, 100, BridgeReason.None },
        { "empty window: 10 s fallback, late", 1, 6, 7, 1_100, 116_000, 0, ReadingOutcome.Bridged, 100, BridgeReason.TimeGap },
        { "three seqs missing", 1, 9, 7, 5_000, 140_000, 10_000, ReadingOutcome.Bridged, 4_000, BridgeReason.MissingSequences },
        { "seqs missing, clock contiguous", 1, 7, 7, 1_200, 110_000, 10_000, ReadingOutcome.Bridged, 200, BridgeReason.MissingSequences },
        { "PZEM reboot bridged, same epoch", 2, 0, 7, 9_000, 400_000, 10_000, ReadingOutcome.Bridged, 8_000, BridgeReason.Reboot },
        { "reboot in time, same epoch", 2, 0, 7, 1_200, 110_000, 10_000, ReadingOutcome.Bridged, 200, BridgeReason.Reboot },
        { "reboot skipping boots, same epoch", 5, 3, 7, 1_200, 900_000, 10_000, ReadingOutcome.Bridged, 200, BridgeReason.Reboot },
    };

    [Theory]
    [MemberData(nameof(IntervalRows))]
    public void A_later_reading_of_the_same_epoch_closes_one_interval_from_the_previous_end(
        string name, long boot, long seq, long epoch, long counter, long end, long window, ReadingOutcome outcome, long energy, BridgeReason bridge)
    {
        var step = Apply(Readings.R(boot, seq, epoch, counter, end, window));

        Assert.True(outcome == step.Outcome, name);
        Assert.Null(step.Gap);
        var interval = Assert.IsType<ChannelInterval>(step.Interval);
        Assert.Equal((100_000L, end, energy, bridge, epoch, boot, seq), (interval.StartMs, interval.EndMs, interval.EnergyMillijoules, interval.Bridge, interval.Epoch, interval.Boot, interval.Sequence));
        Assert.Equal(bridge != BridgeReason.None, interval.Bridged);
        Assert.Equal((boot, seq, counter, end), (step.State.Boot, step.State.Sequence, step.State.CounterMillijoules, step.State.EndMs));
        Assert.Equal(bridge == BridgeReason.None ? 360_000 : null, interval.PowerMaxMilliwatts);   // a window's maximum bounds its own interval, not a gap
    }

    public static TheoryData<string, long, long, long, long, long, ReadingOutcome, GapReason> GapRows => new()
    {
        // name, boot, seq, epoch, counter, end -> outcome, reason
        { "INA219 reboot: new boot, new epoch", 2, 0, 2 * 65_536, 40, 130_000, ReadingOutcome.NewEpoch, GapReason.NewEpoch },
        { "new epoch within the boot", 1, 6, 8, 0, 110_000, ReadingOutcome.NewEpoch, GapReason.NewEpoch },
        { "new epoch, counter higher", 1, 6, 8, 9_999_999, 110_000, ReadingOutcome.NewEpoch, GapReason.NewEpoch },
        { "new epoch, lower number (epochs are opaque)", 1, 6, 3, 5_000, 110_000, ReadingOutcome.NewEpoch, GapReason.NewEpoch },
    };

    [Theory]
    [MemberData(nameof(GapRows))]
    public void A_broken_counter_emits_a_gap_to_the_readings_end_and_becomes_the_baseline(
        string name, long boot, long seq, long epoch, long counter, long end, ReadingOutcome outcome, GapReason reason)
    {
        var step = Apply(Readings.R(boot, seq, epoch, counter, end));

        Assert.True(outcome == step.Outcome, name);
        Assert.Null(step.Interval);
        var gap = Assert.IsType<ChannelGap>(step.Gap);
        Assert.Equal((100_000L, end, reason, 7L, epoch, 1_000L, counter), (gap.StartMs, gap.EndMs, gap.Reason, gap.PreviousEpoch, gap.Epoch, gap.PreviousCounterMillijoules, gap.CounterMillijoules));
        Assert.Equal((boot, seq, epoch, counter, end), (step.State.Boot, step.State.Sequence, step.State.Epoch, step.State.CounterMillijoules, step.State.EndMs));
    }

    public static TheoryData<string, long, long, long, long> HeldRows => new()
    {
        // name, boot, seq, counter, end -> held, the baseline kept (README "Plausible counters")
        { "counter 1 mJ backwards", 1, 6, 999, 110_000 },
        { "counter reset to 0, same epoch", 1, 6, 0, 110_000 },
        { "counter backwards after a reboot", 2, 0, 10, 500_000 },
        { "counter backwards, the clock too", 1, 6, 500, 90_000 },
    };

    [Theory]
    [MemberData(nameof(HeldRows))]
    public void A_counter_below_the_baseline_is_held_and_emits_nothing_until_the_next_reading_decides(string name, long boot, long seq, long counter, long end)
    {
        var step = Apply(Readings.R(boot, seq, 7, counter, end));

        Assert.True(step.Outcome == ReadingOutcome.Held, name);
        Assert.Null(step.Interval);
        Assert.Null(step.Gap);
        Assert.Empty(step.Quarantined);
        Assert.Equal((1L, 5L, 7L, 1_000L, 100_000L), (step.State.Boot, step.State.Sequence, step.State.Epoch, step.State.CounterMillijoules, step.State.EndMs));
        Assert.Equal((boot, seq, counter, Math.Max(end, 100_000)), (step.State.Held!.Boot, step.State.Held.Sequence, step.State.Held.CounterMillijoules, step.State.Held.EndMs));
        Assert.Equal(1, step.State.Counts.CounterBackwards);
    }

    public static TheoryData<string, long, long, long, ReadingOutcome> IgnoredRows => new()
    {
        // name, boot, seq, counter -> outcome
        { "same (boot, seq), same counter", 1, 5, 1_000, ReadingOutcome.Duplicate },
        { "same (boot, seq), other counter", 1, 5, 2_000, ReadingOutcome.Duplicate },
        { "older seq of the same boot", 1, 4, 900, ReadingOutcome.Late },
        { "much older seq", 1, 0, 10, ReadingOutcome.Late },
        { "older boot, higher seq", 0, 99, 1_500, ReadingOutcome.Late },
    };

    [Theory]
    [MemberData(nameof(IgnoredRows))]
    public void Duplicates_and_late_readings_emit_nothing_and_leave_the_baseline(string name, long boot, long seq, long counter, ReadingOutcome outcome)
    {
        var before = ChannelIntervalRules.Step(null, Previous).State;
        var step = ChannelIntervalRules.Step(before, Readings.R(boot, seq, 7, counter, 110_000));

        Assert.True(outcome == step.Outcome, name);
        Assert.Null(step.Interval);
        Assert.Null(step.Gap);
        Assert.Equal(before with { Counts = step.State.Counts }, step.State);
        Assert.Equal(outcome == ReadingOutcome.Duplicate ? 1 : 0, step.State.Counts.Duplicates);
        Assert.Equal(outcome == ReadingOutcome.Late ? 1 : 0, step.State.Counts.Late);
        Assert.Equal(2, step.State.Counts.Readings);
    }

    [Fact]
    public void The_first_reading_of_a_channel_is_the_baseline()
    {
        var step = ChannelIntervalRules.Step(null, Previous);

        Assert.Equal(ReadingOutcome.Baseline, step.Outcome);
        Assert.Null(step.Interval);
        Assert.Null(step.Gap);
        Assert.Equal(new ChannelState(Readings.Device, 0, 1, 5, 7, 1_000, 100_000, ChannelCounts.Zero with { Readings = 1 }, DeviceEndMs: 100_000, PowerMaxMilliwatts: 360_000), step.State);
    }

    [Fact]
    public void A_reading_ending_before_the_timeline_end_is_clamped_to_a_zero_length_interval_and_counted()
    {
        var step = Apply(Readings.R(1, 6, 7, 1_500, 95_000));

        Assert.Equal(ReadingOutcome.Interval, step.Outcome);
        Assert.Equal((100_000L, 100_000L, 500L), (step.Interval!.StartMs, step.Interval.EndMs, step.Interval.EnergyMillijoules));
        Assert.Equal(100_000, step.State.EndMs);
        Assert.Equal(1, step.State.Counts.ClockBackwards);
    }

    [Fact]
    public void A_reading_that_continues_from_a_held_one_confirms_the_restart_a_gap_then_an_interval_from_it()
    {
        var state = ChannelIntervalRules.Step(null, Previous).State;
        state = ChannelIntervalRules.Step(state, Readings.R(1, 6, 7, 300, 110_000)).State;
        var step = ChannelIntervalRules.Step(state, Readings.R(1, 7, 7, 800, 120_000));

        Assert.Equal(ReadingOutcome.CounterBackwards, step.Outcome);
        Assert.Equal((100_000L, 110_000L, GapReason.CounterBackwards, 1_000L, 300L), (step.Gap!.StartMs, step.Gap.EndMs, step.Gap.Reason, step.Gap.PreviousCounterMillijoules, step.Gap.CounterMillijoules));
        Assert.Equal((110_000L, 120_000L, 500L, BridgeReason.None), (step.Interval!.StartMs, step.Interval.EndMs, step.Interval.EnergyMillijoules, step.Interval.Bridge));
        Assert.Empty(step.Quarantined);
        Assert.Null(step.State.Held);
        Assert.Equal(ChannelCounts.Zero with { Readings = 3, Intervals = 1, CounterBackwards = 1 }, step.State.Counts);
    }

    [Fact]
    public void Counts_follow_every_outcome()
    {
        var engine = new IntervalEngine();
        foreach (var r in new[]
                 {
                     Readings.R(1, 0, 7, 0, 10_000), Readings.R(1, 1, 7, 10, 20_000), Readings.R(1, 1, 7, 10, 20_000),
                     Readings.R(1, 3, 7, 30, 40_000), Readings.R(1, 2, 7, 20, 30_000), Readings.R(2, 0, 7, 90, 90_000),
                     Readings.R(3, 0, 9, 0, 120_000), Readings.R(3, 1, 9, 5, 125_000), Readings.R(3, 2, 9, 0, 130_000),
                 })
        {
            engine.Process(r);
        }

        var counts = engine.State(new ChannelKey(Readings.Device, 0))!.Counts;
        Assert.Equal(new ChannelCounts(Readings: 9, Intervals: 4, Bridged: 2, NewEpochs: 1, CounterBackwards: 1, Duplicates: 1, Late: 1, ClockBackwards: 0), counts);
    }

    [Fact]
    public void A_state_of_another_channel_is_refused()
    {
        var state = ChannelIntervalRules.Step(null, Previous).State;

        var e = Assert.Throws<ArgumentException>(() => ChannelIntervalRules.Step(state, Readings.R(1, 6, 7, 1_100, 110_000, channel: 1)));
        Assert.Contains("rack12-node07-a/0", e.Message);
    }

    private static IntervalStep Apply(Metering.Collector.Ingest.AcceptedReading next) =>
        ChannelIntervalRules.Step(ChannelIntervalRules.Step(null, Previous).State, next);
}
