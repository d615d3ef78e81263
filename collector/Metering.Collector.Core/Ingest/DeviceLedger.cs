using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// What ingest remembers per device between messages: the device's current life (its incarnation, the collector's
/// ordinal of the life, retired incarnations), the newest (boot, seq) accepted in it, for duplicate detection, the
/// newest synced window end, the unsynced-clock offset of the current boot, the latest its newest boot can have
/// started (<see cref="BootStart"/>), an operator's pending request for a new life, and the rated power of each
/// channel from the configs seen. Serializable and saved before messages are
/// acknowledged; every field added since the first format reads, when missing, as what the collector did before it.
/// </summary>
public sealed record DeviceLedger
{
    /// <summary>How many retired incarnations a ledger keeps to recognise replays of earlier lives.</summary>
    public const int RetiredCapacity = 16;

    /// <summary>Boot of the newest accepted telemetry.</summary>
    public long Boot { get; set; } = -1;

    /// <summary>Sequence of the newest accepted telemetry in <see cref="Boot"/>.</summary>
    public long Sequence { get; set; } = -1;

    /// <summary>Smallest receive-minus-device offset seen in <see cref="Boot"/> for an unsynced clock, in ms.</summary>
    public long? ClockOffsetMs { get; set; }

    /// <summary>
    /// The latest instant the boot <see cref="BootStartBoot"/> can have started, ms on the collector's timeline: the
    /// smallest receive time minus uptime among its online statuses and its unsynced messages with <c>uptime_ms</c>
    /// (<see cref="BootStart"/>); null when none was seen (as in a collector.db written before).
    /// </summary>
    public long? BootStartMs { get; set; }

    /// <summary>The boot <see cref="BootStartMs"/> belongs to, -1 when none.</summary>
    public long BootStartBoot { get; set; } = -1;

    /// <summary>The incarnation of <see cref="BootStartBoot"/>, -1 when its messages carried none.</summary>
    public long BootStartIncarnation { get; set; } = TelemetryMessage.Absent;

    /// <summary>The current life's incarnation (the contract's <c>incarnation</c>), or -1 when its telemetry carries none.</summary>
    public long Incarnation { get; set; } = TelemetryMessage.Absent;

    /// <summary>The collector's ordinal of the device's current life, from 0; every channel state of another life is stale.</summary>
    public long Life { get; set; }

    /// <summary>Incarnations of earlier lives, oldest first (at most <see cref="RetiredCapacity"/>): their messages are replays.</summary>
    public List<long> RetiredIncarnations { get; set; } = [];

    /// <summary>The latest device-clock window end of accepted synced telemetry in this life, ms since the Unix epoch; null when none.</summary>
    public long? LastSyncedEndMs { get; set; }

    /// <summary>An operator asked (<c>metering device reset-ledger</c>) that the device's next telemetry start a new life.</summary>
    public bool ResetRequested { get; set; }

    /// <summary>Per channel id, the largest rated power any config of the device declared for it, mW (Intervals' plausibility bound).</summary>
    public Dictionary<int, long> RatedMaxMilliwatts { get; set; } = [];

    /// <summary>
    /// The sequences accepted in <see cref="Boot"/> just before and at <see cref="Sequence"/>: bit k set when
    /// <see cref="Sequence"/> - k was accepted (k = 0..63). All set (as read from a collector.db written before) means
    /// unknown: every older sequence counts as seen.
    /// </summary>
    public ulong RecentSequences { get; set; } = ulong.MaxValue;

    /// <summary>
    /// True when (boot, seq) is newer than anything accepted: a later sequence in the same boot, or a later boot.
    /// Anything else was either accepted before (a duplicate: a resend after a reconnect, a redelivery after a
    /// collector restart) or never seen and overtaken (late: see <see cref="Seen"/>).
    /// </summary>
    public bool IsNew(long boot, long sequence) => boot > Boot || (boot == Boot && sequence > Sequence);

    /// <summary>
    /// For a (boot, seq) that is not new: true when it was accepted, or is too old to tell (another boot, or more than
    /// 63 sequences back); false when it is a window of this boot that was never accepted (it arrived after later ones).
    /// </summary>
    public bool Seen(long boot, long sequence) =>
        boot != Boot || Sequence - sequence is < 0 or > 63 || (RecentSequences & (1UL << (int)(Sequence - sequence))) != 0;

    /// <summary>Records an accepted (boot, seq); a new boot forgets the previous boot's clock offset.</summary>
    public void Accept(long boot, long sequence)
    {
        if (boot != Boot)
        {
            ClockOffsetMs = null;
            RecentSequences = 1;
        }
        else
        {
            var shift = sequence - Sequence;
            RecentSequences = (shift is > 0 and < 64 ? RecentSequences << (int)shift : 0) | 1;
        }

        Boot = boot;
        Sequence = sequence;
    }
}
