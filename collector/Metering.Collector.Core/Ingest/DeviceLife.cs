namespace Metering.Collector.Ingest;

/// <summary>What a telemetry message is to its device's ledger (<see cref="DeviceLifeRules.Judge"/>).</summary>
public enum LifeVerdict
{
    /// <summary>A newer message of the current life (or the device's first message): accepted.</summary>
    SameLife = 0,

    /// <summary>The first message of a new device life: accepted; every channel starts a new baseline.</summary>
    NewLife = 1,

    /// <summary>A message already accepted, or older than the newest one of its life, or of an earlier life: counted as a duplicate.</summary>
    Replay = 2,
}

/// <summary>The verdict on one message, with a reason token and a sentence for people.</summary>
/// <param name="Verdict">Same life, new life or replay.</param>
/// <param name="Reason">
/// New life: <c>incarnation</c> (another incarnation), <c>boot_went_back</c> (no incarnation; an older boot with a later
/// synced window), <c>operator</c> (<c>metering device reset-ledger</c>). Replay: <c>duplicate</c>, <c>earlier_life</c>.
/// Null for the same life.
/// </param>
/// <param name="Detail">What was compared, for the log and the dead letters.</param>
public sealed record LifeJudgement(LifeVerdict Verdict, string? Reason, string? Detail)
{
    internal static readonly LifeJudgement Same = new(LifeVerdict.SameLife, null, null);
}

/// <summary>
/// A new device life, as the event and the log line report it: the collector's new life ordinal, why, and the message
/// that started it.
/// </summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="Life">The new life's ordinal (the previous one + 1).</param>
/// <param name="Reason">Why: <c>incarnation</c>, <c>boot_went_back</c> or <c>operator</c>.</param>
/// <param name="Detail">A sentence naming what changed.</param>
/// <param name="Incarnation">The new life's incarnation, -1 when its telemetry carries none.</param>
/// <param name="PreviousIncarnation">The previous life's incarnation, -1 when none.</param>
/// <param name="Boot">Boot of the first message of the new life.</param>
/// <param name="Sequence">Sequence of the first message of the new life.</param>
/// <param name="DeviceTimeMs">That message's window end on the device clock, ms since the Unix epoch.</param>
/// <param name="Synced">Whether the device clock was synced.</param>
public sealed record DeviceLife(
    string DeviceId,
    long Life,
    string Reason,
    string Detail,
    long Incarnation,
    long PreviousIncarnation,
    long Boot,
    long Sequence,
    long DeviceTimeMs,
    bool Synced)
{
    /// <summary>The <c>kind</c> of the <c>device_event</c> the collector writes for a new life.</summary>
    public const string EventKind = "new_life";
}
