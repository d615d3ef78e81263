using Metering.Collector.Ingest;

namespace Metering.Collector.Tests.Ingest;

/// <summary>
/// Device lives (shared/Metering.Protocol/README.md, "Device lives"; Ingest/README.md, "Device lives"): one row per
/// rule. The ledger last accepted incarnation 7394 (or none), boot 42 seq 100, synced windows up to 1 000 000 ms, and
/// retired incarnation 1111.
/// </summary>
public sealed class DeviceLifeRuleTests
{
    private const long Absent = TelemetryMessage.Absent;

    public static TheoryData<string, long, bool, long, long, long, bool, long, LifeVerdict, string?> Rows => new()
    {
        // name, ledger incarnation, reset requested, message incarnation, boot, seq, synced, end -> verdict, reason
        { "next seq of the same incarnation", 7394, false, 7394, 42, 101, true, 1_010_000, LifeVerdict.SameLife, null },
        { "next boot of the same incarnation", 7394, false, 7394, 43, 0, true, 1_400_000, LifeVerdict.SameLife, null },
        { "the same message again", 7394, false, 7394, 42, 100, true, 1_000_000, LifeVerdict.Replay, "duplicate" },
        { "an older seq of the same incarnation", 7394, false, 7394, 42, 99, true, 990_000, LifeVerdict.Replay, "duplicate" },
        { "same incarnation, an older boot with a later window: still a replay (its boot is kept)", 7394, false, 7394, 41, 5, true, 2_000_000, LifeVerdict.Replay, "duplicate" },
        { "a new incarnation, boot 1 (board swapped, flash erased)", 7394, false, 2914, 1, 0, true, 1_010_000, LifeVerdict.NewLife, "incarnation" },
        { "a new incarnation, even with the same boot and seq", 7394, false, 2914, 42, 100, true, 1_000_000, LifeVerdict.NewLife, "incarnation" },
        { "a new incarnation whose clock is not synced", 7394, false, 2914, 1, 0, false, 946_684_810_000, LifeVerdict.NewLife, "incarnation" },
        { "the first incarnation after telemetry without one (firmware update)", Absent, false, 2914, 43, 0, true, 1_400_000, LifeVerdict.NewLife, "incarnation" },
        { "an earlier life's incarnation", 7394, false, 1111, 900, 0, true, 9_000_000, LifeVerdict.Replay, "earlier_life" },
        { "no incarnation: the next seq", Absent, false, Absent, 42, 101, true, 1_010_000, LifeVerdict.SameLife, null },
        { "no incarnation: a later boot", Absent, false, Absent, 43, 0, false, 946_684_810_000, LifeVerdict.SameLife, null },
        { "no incarnation: boot went back with a later window (flash wiped)", Absent, false, Absent, 1, 0, true, 1_010_000, LifeVerdict.NewLife, "boot_went_back" },
        { "no incarnation: boot repeated, seq went back, later window (boot not saved)", Absent, false, Absent, 42, 0, true, 1_010_000, LifeVerdict.NewLife, "boot_went_back" },
        { "no incarnation: boot went back with an older window (a replay)", Absent, false, Absent, 1, 0, true, 500_000, LifeVerdict.Replay, "duplicate" },
        { "no incarnation: boot went back with the same window end (a replay)", Absent, false, Absent, 41, 0, true, 1_000_000, LifeVerdict.Replay, "duplicate" },
        { "no incarnation: boot went back, clock not synced (cannot tell: a replay)", Absent, false, Absent, 1, 0, false, 946_684_810_000, LifeVerdict.Replay, "duplicate" },
        { "a message without incarnation after one with (downgrade): its boot and seq decide", 7394, false, Absent, 43, 0, true, 1_400_000, LifeVerdict.SameLife, null },
        { "an operator's reset: the next message starts a new life", 7394, true, 7394, 42, 101, true, 1_010_000, LifeVerdict.NewLife, "operator" },
        { "an operator's reset: an older message too (a board back with an old state)", 7394, true, 7394, 3, 0, true, 1_010_000, LifeVerdict.NewLife, "operator" },
        { "an operator's reset: a redelivery of the last message stays a duplicate", 7394, true, 7394, 42, 100, true, 1_000_000, LifeVerdict.Replay, "duplicate" },
        { "an operator's reset: an earlier life stays a replay", 7394, true, 1111, 900, 0, true, 9_000_000, LifeVerdict.Replay, "earlier_life" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_message_is_judged_by_incarnation_then_boot_and_seq_then_window(
        string name, long ledgerIncarnation, bool reset, long incarnation, long boot, long seq, bool synced, long endMs, LifeVerdict verdict, string? reason)
    {
        var ledger = new DeviceLedger
        {
            Incarnation = ledgerIncarnation, Boot = 42, Sequence = 100, LastSyncedEndMs = 1_000_000, RetiredIncarnations = [1111], ResetRequested = reset,
        };

        var judgement = DeviceLifeRules.Judge(ledger, incarnation, boot, seq, synced, endMs);

        Assert.True((verdict, reason) == (judgement.Verdict, judgement.Reason), $"{name}: {judgement}");
    }

    [Fact]
    public void A_devices_first_message_starts_its_first_life_whatever_it_carries()
    {
        var ledger = new DeviceLedger { ResetRequested = true };

        var judgement = DeviceLifeRules.Judge(ledger, 2914, 7, 3, true, 1_000);
        var life = DeviceLifeRules.Accept(ledger, "d", judgement, 2914, 7, 3, true, 1_000);

        Assert.Equal(LifeVerdict.SameLife, judgement.Verdict);
        Assert.Null(life);
        Assert.Equal((0L, 2914L, 7L, 3L, false), (ledger.Life, ledger.Incarnation, ledger.Boot, ledger.Sequence, ledger.ResetRequested));
    }

    [Fact]
    public void A_new_life_retires_the_old_incarnation_counts_the_life_and_forgets_the_old_clocks()
    {
        var ledger = new DeviceLedger { Incarnation = 7394, Boot = 42, Sequence = 100, ClockOffsetMs = 250, LastSyncedEndMs = 1_000_000, Life = 2 };
        var judgement = DeviceLifeRules.Judge(ledger, 2914, 1, 0, false, 946_684_810_000);

        var life = DeviceLifeRules.Accept(ledger, "rack12-node07-a", judgement, 2914, 1, 0, false, 946_684_810_000);

        Assert.Equal(new DeviceLife("rack12-node07-a", 3, "incarnation", "incarnation 2914, was 7394", 2914, 7394, 1, 0, 946_684_810_000, false), life);
        Assert.Equal((3L, 2914L, 1L, 0L, (long?)null, (long?)null), (ledger.Life, ledger.Incarnation, ledger.Boot, ledger.Sequence, ledger.ClockOffsetMs, ledger.LastSyncedEndMs));
        Assert.Equal([7394L], ledger.RetiredIncarnations);
        Assert.Equal(LifeVerdict.Replay, DeviceLifeRules.Judge(ledger, 7394, 43, 0, true, 2_000_000).Verdict);
    }

    [Fact]
    public void A_ledger_keeps_the_last_sixteen_incarnations()
    {
        var ledger = new DeviceLedger { Incarnation = 1, Boot = 1, Sequence = 0 };
        for (long i = 2; i <= 20; i++)
        {
            DeviceLifeRules.Accept(ledger, "d", DeviceLifeRules.Judge(ledger, i, 1, 0, false, 0), i, 1, 0, false, 0);
        }

        Assert.Equal(Enumerable.Range(4, 16).Select(i => (long)i), ledger.RetiredIncarnations);
        Assert.Equal(19, ledger.Life);
    }
}
