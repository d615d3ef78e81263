using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

/// <summary>
/// Plausible counters (Intervals/README.md, "Plausible counters"): the bounds, one row per rule, after a baseline of
/// boot 1, seq 5, epoch 7, counter 1000 mJ, ending at 100 000 ms; then the glitch and the jump of issue 12 and what
/// a held reading does to the next one.
/// </summary>
public sealed class QuarantineRuleTests
{
    private static readonly Metering.Collector.Ingest.AcceptedReading Previous = Readings.R(1, 5, 7, 1_000, 100_000);

    /// <summary>One case: the reading closes an interval of <paramref name="Energy"/> mJ; the baseline's window had p_max <paramref name="BaselinePMax"/>.</summary>
    public sealed record Row(string Name, SensorKind Kind, long RatedMw, long Seq, long Energy, int? PMax, int? BaselinePMax, long End, long? DeviceEnd, ReadingOutcome Outcome, GapReason? Reason)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Row> Rows => new()
    {
        // rated_mw 0: unknown, the contract's 100 kW; device end null: the reading's end
        new("PZEM-004T, 10 s at its rated 26 kW", SensorKind.Pzem004t, 0, 6, 260_000_000, 26_000_000, 360_000, 110_000, null, ReadingOutcome.Interval, null),
        new("PZEM-004T without config (ingest rates it 26 kW x gain 2 + 1 kW), beyond 53 kW + 25 %", SensorKind.Pzem004t, 53_000_000, 6, 700_000_000, 26_000_000, 360_000, 110_000, null, ReadingOutcome.Quarantined, GapReason.AboveRatedPower),
        new("PZEM-004T with its config (gain x1), 10 s at 40 kW", SensorKind.Pzem004t, 26_000_000, 6, 400_000_000, 26_000_000, 360_000, 110_000, null, ReadingOutcome.Quarantined, GapReason.AboveRatedPower),
        new("INA219 configured 10 A on a 16 V bus (160 W), 10 s at 250 W", SensorKind.Ina219, 160_000, 6, 2_500_000, 250_000, 250_000, 110_000, null, ReadingOutcome.Quarantined, GapReason.AboveRatedPower),
        new("INA219 configured 10 A on a 16 V bus (160 W), 10 s at 190 W (within 25 %)", SensorKind.Ina219, 160_000, 6, 1_900_000, 190_000, 190_000, 110_000, null, ReadingOutcome.Interval, null),
        new("INA219, 10 s at 100 W where both windows reported 1 W", SensorKind.Ina219, 0, 6, 1_000_000, 1_000, 1_000, 110_000, null, ReadingOutcome.Quarantined, GapReason.AboveReportedPower),
        new("INA219, 21 J in 10 s where both windows reported 1 W: exactly 2 x 1 W x 10 s + 1 J", SensorKind.Ina219, 0, 6, 21_000, 1_000, 1_000, 110_000, null, ReadingOutcome.Interval, null),
        new("INA219, 10 s at 100 W after a 360 W window: the load dropped, the baseline's p_max counts", SensorKind.Ina219, 0, 6, 1_000_000, 1_000, 360_000, 110_000, null, ReadingOutcome.Interval, null),
        new("PZEM-004T idle: one 1 Wh register step is within its 2 Wh resolution", SensorKind.Pzem004t, 0, 6, 3_600_000, 0, 0, 110_000, null, ReadingOutcome.Interval, null),
        new("PZEM-004T idle: 3 Wh in 10 s is beyond it", SensorKind.Pzem004t, 0, 6, 10_800_000, 0, 0, 110_000, null, ReadingOutcome.Quarantined, GapReason.AboveReportedPower),
        new("PZEM-004T, 10 s at 2 kW where both windows reported 10 W", SensorKind.Pzem004t, 0, 6, 20_000_000, 10_000, 10_000, 110_000, null, ReadingOutcome.Quarantined, GapReason.AboveReportedPower),
        new("seqs missing: p_max covers only the last window, so only the rating applies", SensorKind.Pzem004t, 0, 8, 20_000_000, 10_000, 10_000, 130_000, null, ReadingOutcome.Bridged, null),
        new("a window without samples has no p_max: only the rating applies", SensorKind.Pzem004t, 0, 6, 20_000_000, null, 10_000, 110_000, null, ReadingOutcome.Interval, null),
        new("a baseline without samples: only the rating applies", SensorKind.Pzem004t, 0, 6, 20_000_000, 10_000, null, 110_000, null, ReadingOutcome.Interval, null),
        new("backlog placed at receive time: 1 ms on the timeline, 60 s on the device clock", SensorKind.Pzem004t, 0, 11, 3_000_000_000, 20_000_000, 20_000_000, 100_001, 160_000, ReadingOutcome.Bridged, null),
        new("without the device clock the same backlog is judged over its window", SensorKind.Pzem004t, 0, 11, 3_000_000_000, 20_000_000, 20_000_000, 100_001, 100_001, ReadingOutcome.Quarantined, GapReason.AboveRatedPower),
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void An_interval_beyond_its_bound_is_quarantined_as_a_gap_and_the_reading_becomes_the_baseline(Row row)
    {
        var baseline = ChannelIntervalRules.Step(null, Readings.R(1, 5, 7, 1_000, 100_000, pMaxMw: row.BaselinePMax)).State;
        var reading = Readings.R(1, row.Seq, 7, 1_000 + row.Energy, row.End, kind: row.Kind, ratedMw: row.RatedMw, pMaxMw: row.PMax, deviceEndMs: row.DeviceEnd);

        var step = ChannelIntervalRules.Step(baseline, reading);

        Assert.True(row.Outcome == step.Outcome, $"{row.Name}: {step.Outcome}");
        Assert.Equal((1_000 + row.Energy, 7L), (step.State.CounterMillijoules, step.State.Epoch));
        if (row.Reason is { } r)
        {
            Assert.Null(step.Interval);
            Assert.Equal((r, 100_000L, Math.Max(row.End, 100_000), row.Energy), (step.Gap!.Reason, step.Gap.StartMs, step.Gap.EndMs, step.Gap.QuarantinedMillijoules));
            var q = Assert.Single(step.Quarantined);
            Assert.Equal((r, row.Energy, row.Seq), (q.Reason, q.EnergyMillijoules, q.Sequence));
            Assert.True(q.BoundMillijoules < row.Energy);
            Assert.Equal((1L, row.Energy), (step.State.Counts.Quarantined, step.State.Counts.QuarantinedMillijoules));
        }
        else
        {
            Assert.Equal(row.Energy, step.Interval!.EnergyMillijoules);
            Assert.Empty(step.Quarantined);
        }
    }

    [Fact]
    public void The_issues_glitch_holds_the_baseline_and_quarantines_the_five_million_millijoules_it_would_have_created()
    {
        var engine = new IntervalEngine();
        engine.Process(Readings.R(42, 100, 3, 1_017_234_579, 100_000));

        var held = engine.Process(Readings.R(42, 101, 3, 1_012_234_579, 110_000));
        var back = engine.Process(Readings.R(42, 102, 3, 1_018_234_582, 120_000));

        Assert.Equal((ReadingOutcome.Held, null, null), (held.Outcome, held.Interval, held.Gap));
        Assert.Equal(ReadingOutcome.Bridged, back.Outcome);
        Assert.Equal((100_000L, 120_000L, 1_000_003L, BridgeReason.Quarantine), (back.Interval!.StartMs, back.Interval.EndMs, back.Interval.EnergyMillijoules, back.Interval.Bridge));
        var q = Assert.Single(back.Quarantined);
        Assert.Equal((GapReason.CounterBackwards, 5_000_000L, 101L, 1_012_234_579L, 1_017_234_579L), (q.Reason, q.EnergyMillijoules, q.Sequence, q.CounterMillijoules, q.BaselineCounterMillijoules));
        Assert.Null(back.Gap);
    }

    [Fact]
    public void A_jump_that_persists_costs_one_quarantined_window_and_the_counter_is_followed_from_it()
    {
        var engine = new IntervalEngine();
        engine.Process(Readings.R(1, 0, 7, 1_000_000, 100_000, pMaxMw: 1_000));

        var jump = engine.Process(Readings.R(1, 1, 7, 9_007_199_254_740_991 - 20_000, 110_000, pMaxMw: 1_000));
        var next = engine.Process(Readings.R(1, 2, 7, 9_007_199_254_740_991 - 10_000, 120_000, pMaxMw: 1_000));

        Assert.Equal((ReadingOutcome.Quarantined, GapReason.AboveRatedPower), (jump.Outcome, jump.Gap!.Reason));
        Assert.Equal(9_007_199_253_720_991, jump.QuarantinedMillijoules);
        Assert.Equal((ReadingOutcome.Interval, 10_000L), (next.Outcome, next.Interval!.EnergyMillijoules));
    }

    [Fact]
    public void A_jump_that_comes_back_costs_the_windows_around_it_as_gaps_never_energy()
    {
        var engine = new IntervalEngine();
        engine.Process(Readings.R(1, 0, 7, 1_000_000, 100_000));
        var steps = new[]
        {
            Readings.R(1, 1, 7, 5_000_000_000_000, 110_000), Readings.R(1, 2, 7, 4_000_000, 120_000), Readings.R(1, 3, 7, 7_000_000, 130_000),
        }.Select(engine.Process).ToList();

        Assert.Equal([ReadingOutcome.Quarantined, ReadingOutcome.Held, ReadingOutcome.CounterBackwards], steps.Select(s => s.Outcome));
        Assert.Equal([GapReason.AboveRatedPower, GapReason.CounterBackwards], steps.Where(s => s.Gap is not null).Select(s => s.Gap!.Reason));
        Assert.Equal((120_000L, 130_000L, 3_000_000L), (steps[2].Interval!.StartMs, steps[2].Interval!.EndMs, steps[2].Interval!.EnergyMillijoules));
    }

    [Fact]
    public void A_held_reading_is_never_the_L_of_a_bridge_the_baseline_is()
    {
        var state = ChannelIntervalRules.Step(null, Previous).State;
        state = ChannelIntervalRules.Step(state, Readings.R(1, 6, 7, 400, 110_000)).State;

        var step = ChannelIntervalRules.Step(state, Readings.R(2, 0, 131_073, 1_500, 200_000, prevEpoch: 7, prevEnergyMj: 1_200));

        Assert.Equal((ReadingOutcome.Bridged, 500L, BridgeReason.Lineage), (step.Outcome, step.Interval!.EnergyMillijoules, step.Interval.Bridge));
        var q = Assert.Single(step.Quarantined);
        Assert.Equal((GapReason.CounterBackwards, 600L), (q.Reason, q.EnergyMillijoules));
    }

    [Fact]
    public void A_held_reading_then_a_new_epoch_or_life_is_set_aside_with_nothing_refused()
    {
        var state = ChannelIntervalRules.Step(null, Previous).State;
        state = ChannelIntervalRules.Step(state, Readings.R(1, 6, 7, 400, 110_000)).State;

        var epoch = ChannelIntervalRules.Step(state, Readings.R(2, 0, 131_073, 50, 200_000));
        var life = ChannelIntervalRules.Step(state, Readings.R(1, 0, 65_537, 50, 200_000, life: 1));

        Assert.Equal((GapReason.NewEpoch, 100_000L), (epoch.Gap!.Reason, epoch.Gap.StartMs));
        Assert.Equal((GapReason.NewLife, 100_000L), (life.Gap!.Reason, life.Gap.StartMs));
        Assert.All([epoch, life], s => Assert.Equal(0, Assert.Single(s.Quarantined).EnergyMillijoules));
        Assert.All([epoch, life], s => Assert.Null(s.State.Held));
    }

    [Fact]
    public void A_reading_below_the_held_one_replaces_it()
    {
        var state = ChannelIntervalRules.Step(null, Previous).State;
        state = ChannelIntervalRules.Step(state, Readings.R(1, 6, 7, 400, 110_000)).State;

        var step = ChannelIntervalRules.Step(state, Readings.R(1, 7, 7, 300, 120_000));
        var next = ChannelIntervalRules.Step(step.State, Readings.R(1, 8, 7, 350, 130_000));

        Assert.Equal((ReadingOutcome.Held, 300L, 0L), (step.Outcome, step.State.Held!.CounterMillijoules, Assert.Single(step.Quarantined).EnergyMillijoules));
        Assert.Equal((ReadingOutcome.CounterBackwards, 120_000L, 50L), (next.Outcome, next.Gap!.EndMs, next.Interval!.EnergyMillijoules));
    }
}
