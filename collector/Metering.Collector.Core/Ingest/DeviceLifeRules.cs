using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// Tells a device's lives apart (shared/Metering.Protocol/README.md, "Device lives"). A message is identified by
/// (incarnation, boot, seq); a new incarnation is a new life, and so, without the field, is a boot number that went
/// back with a window later than any accepted, while an older window is a replay. Pure: README.md states the rules,
/// <c>DeviceLifeRuleTests</c> holds one row per rule.
/// </summary>
public static class DeviceLifeRules
{
    /// <summary>The reason of a replay that is a late window (never accepted, overtaken), not a duplicate.</summary>
    public const string LateReason = "late";

    /// <summary>Judges a telemetry message (incarnation -1 when absent) against <paramref name="ledger"/>; changes nothing.</summary>
    public static LifeJudgement Judge(DeviceLedger ledger, long incarnation, long boot, long sequence, bool synced, long endMs)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var present = incarnation != TelemetryMessage.Absent;
        if (ledger.Boot < 0)
        {
            return LifeJudgement.Same;
        }

        if (present && ledger.RetiredIncarnations.Contains(incarnation))
        {
            return new(LifeVerdict.Replay, "earlier_life", $"incarnation {incarnation} is an earlier life of the device");
        }

        var last = incarnation == ledger.Incarnation && boot == ledger.Boot && sequence == ledger.Sequence;
        if (ledger.ResetRequested && !last)
        {
            return new(LifeVerdict.NewLife, "operator", "an operator reset the device's ledger (metering device reset-ledger)");
        }

        if (present && incarnation != ledger.Incarnation)
        {
            return new(LifeVerdict.NewLife, "incarnation", ledger.Incarnation == TelemetryMessage.Absent
                ? $"incarnation {incarnation}, where the device's telemetry carried none"
                : $"incarnation {incarnation}, was {ledger.Incarnation}");
        }

        if (ledger.IsNew(boot, sequence))
        {
            return LifeJudgement.Same;
        }

        var duplicate = $"boot {boot} seq {sequence} is not newer than boot {ledger.Boot} seq {ledger.Sequence}, already accepted";
        if (!present && synced && ledger.LastSyncedEndMs is { } lastEnd && endMs > lastEnd)
        {
            return new(LifeVerdict.NewLife, "boot_went_back",
                $"boot {boot} seq {sequence} after boot {ledger.Boot} seq {ledger.Sequence}, with a window ending {endMs - lastEnd} ms after the last accepted one");
        }

        return ledger.Seen(boot, sequence)
            ? new(LifeVerdict.Replay, "duplicate", duplicate)
            : new(LifeVerdict.Replay, LateReason, $"boot {boot} seq {sequence} arrived after seq {ledger.Sequence} and was never accepted: a late window, whose energy the counters around it already hold");
    }

    /// <summary>
    /// Records an accepted message in <paramref name="ledger"/>; for a new life, retires the old incarnation, counts the
    /// life and forgets the old life's clocks. Returns the new life, or null for the same life.
    /// </summary>
    public static DeviceLife? Accept(DeviceLedger ledger, string deviceId, LifeJudgement judgement, long incarnation, long boot, long sequence, bool synced, long endMs)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(judgement);
        if (judgement.Verdict == LifeVerdict.Replay)
        {
            throw new ArgumentException("a replay is not accepted", nameof(judgement));
        }

        DeviceLife? life = null;
        if (judgement.Verdict == LifeVerdict.NewLife)
        {
            var previous = ledger.Incarnation;
            if (previous != TelemetryMessage.Absent && previous != incarnation && !ledger.RetiredIncarnations.Contains(previous))
            {
                ledger.RetiredIncarnations.Add(previous);
                if (ledger.RetiredIncarnations.Count > DeviceLedger.RetiredCapacity)
                {
                    ledger.RetiredIncarnations.RemoveAt(0);
                }
            }

            ledger.Life++;
            ledger.Boot = -1;
            ledger.LastSyncedEndMs = null;
            ledger.Incarnation = TelemetryMessage.Absent;
            life = new DeviceLife(deviceId, ledger.Life, judgement.Reason!, judgement.Detail!, incarnation, previous, boot, sequence, endMs, synced);
        }

        ledger.ResetRequested = false;
        if (incarnation != TelemetryMessage.Absent)
        {
            ledger.Incarnation = incarnation;
        }

        ledger.Accept(boot, sequence);
        if (synced)
        {
            ledger.LastSyncedEndMs = Math.Max(ledger.LastSyncedEndMs ?? endMs, endMs);
        }

        return life;
    }
}
