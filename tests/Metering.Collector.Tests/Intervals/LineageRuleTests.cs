using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

/// <summary>
/// Bridging epochs (shared/Metering.Protocol/README.md, "Bridging epochs"), one row per case of the firmware's
/// reference model (tests/Metering.Firmware.Core.Tests/Runtime/BridgingLedger.cs): the same epoch adds the difference;
/// a new epoch whose prev_epoch is the baseline's (counter L = 1000 mJ) adds energy_mj - min(L, prev_energy_mj); any
/// other change of epoch, or of device life, is a gap. The baseline is boot 1, seq 5, epoch 7, ending at 100 000 ms.
/// </summary>
public sealed class LineageRuleTests
{
    private static readonly Metering.Collector.Ingest.AcceptedReading Previous = Readings.R(1, 5, 7, 1_000, 100_000);

    public static TheoryData<string, long, long, long, long?, long?, long> BridgedRows => new()
    {
        // name, boot, seq, epoch, prev_epoch, prev_energy_mj, energy_mj -> bridged energy = energy_mj - min(1000, prev_energy_mj)
        { "clean reboot: the saved counter is the last published one", 2, 0, 131_073, 7, 1_000, 1_300 },
        { "windows lost before the change: L < prev_energy_mj, their energy is bridged too", 2, 0, 131_073, 7, 1_200, 1_800 },
        { "power cut: the new epoch resumed from an older save, L > prev_energy_mj", 2, 0, 131_073, 7, 900, 1_100 },
        { "a long INA219 silence within the boot", 1, 6, 8, 7, 1_000, 1_400 },
        { "a reboot before the new epoch was acknowledged names the epoch the collector holds", 3, 0, 196_609, 7, 1_050, 2_000 },
        { "the new epoch's first reading carries no energy yet", 2, 0, 131_073, 7, 1_000, 1_000 },
    };

    [Theory]
    [MemberData(nameof(BridgedRows))]
    public void A_new_epoch_that_continues_the_baselines_is_bridged_with_what_the_device_counted(
        string name, long boot, long seq, long epoch, long? prevEpoch, long? prevEnergy, long counter)
    {
        var step = Apply(Readings.R(boot, seq, epoch, counter, 400_000, prevEpoch: prevEpoch, prevEnergyMj: prevEnergy));

        Assert.True(step.Outcome == ReadingOutcome.Bridged, name);
        Assert.Null(step.Gap);
        Assert.Equal((100_000L, 400_000L, counter - Math.Min(1_000, prevEnergy!.Value), BridgeReason.Lineage, epoch),
            (step.Interval!.StartMs, step.Interval.EndMs, step.Interval.EnergyMillijoules, step.Interval.Bridge, step.Interval.Epoch));
        Assert.Equal((epoch, counter), (step.State.Epoch, step.State.CounterMillijoules));
    }

    public static TheoryData<string, long, long, long, long?, long?, long, long, GapReason> GapRows => new()
    {
        // name, boot, seq, epoch, prev_epoch, prev_energy_mj, energy_mj, life -> gap reason
        { "a new epoch without lineage (a new channel, a changed sensor)", 2, 0, 131_073, null, null, 40, 0, GapReason.NewEpoch },
        { "prev_epoch names an epoch the collector does not hold", 2, 0, 131_073, 6, 900, 1_800, 0, GapReason.NewEpoch },
        { "a new device life, whatever its lineage says", 1, 0, 65_537, 7, 1_000, 1_300, 1, GapReason.NewLife },
        { "a new device life repeating the old life's epoch", 1, 0, 7, null, null, 5_000, 1, GapReason.NewLife },
    };

    [Theory]
    [MemberData(nameof(GapRows))]
    public void Any_other_change_of_epoch_or_life_is_a_gap_to_a_new_baseline(
        string name, long boot, long seq, long epoch, long? prevEpoch, long? prevEnergy, long counter, long life, GapReason reason)
    {
        var step = Apply(Readings.R(boot, seq, epoch, counter, 400_000, life: life, prevEpoch: prevEpoch, prevEnergyMj: prevEnergy));

        Assert.Null(step.Interval);
        Assert.True(reason == step.Gap!.Reason, name);
        Assert.Equal((100_000L, 400_000L), (step.Gap.StartMs, step.Gap.EndMs));
        Assert.Equal((boot, seq, epoch, counter, life), (step.State.Boot, step.State.Sequence, step.State.Epoch, step.State.CounterMillijoules, step.State.Life));
    }

    [Fact]
    public void Lineage_on_later_readings_of_an_epoch_already_the_baseline_is_ignored()
    {
        var state = Apply(Readings.R(2, 0, 131_073, 1_300, 110_000, prevEpoch: 7, prevEnergyMj: 1_000)).State;

        var step = ChannelIntervalRules.Step(state, Readings.R(2, 1, 131_073, 1_700, 120_000, prevEpoch: 7, prevEnergyMj: 1_000));

        Assert.Equal(ReadingOutcome.Interval, step.Outcome);
        Assert.Equal(400, step.Interval!.EnergyMillijoules);
    }

    [Fact]
    public void A_reading_of_an_earlier_life_is_late()
    {
        var state = Apply(Readings.R(1, 0, 65_537, 0, 110_000, life: 1)).State;

        var step = ChannelIntervalRules.Step(state, Readings.R(1, 6, 7, 1_500, 120_000));

        Assert.Equal(ReadingOutcome.Late, step.Outcome);
        Assert.Equal((1L, 0L), (step.State.Life, step.State.CounterMillijoules));
    }

    private static IntervalStep Apply(Metering.Collector.Ingest.AcceptedReading next) =>
        ChannelIntervalRules.Step(ChannelIntervalRules.Step(null, Previous).State, next);
}
