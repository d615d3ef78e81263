namespace Metering.Collector.Ingest;

/// <summary>
/// What ingest remembers per device between messages: the newest (boot, seq) accepted, for duplicate detection, and
/// the unsynced-clock offset of the current boot. Serializable, saved before messages are acknowledged.
/// </summary>
public sealed record DeviceLedger
{
    /// <summary>Boot of the newest accepted telemetry.</summary>
    public long Boot { get; set; } = -1;

    /// <summary>Sequence of the newest accepted telemetry in <see cref="Boot"/>.</summary>
    public long Sequence { get; set; } = -1;

    /// <summary>Smallest receive-minus-device offset seen in <see cref="Boot"/> for an unsynced clock, in ms.</summary>
    public long? ClockOffsetMs { get; set; }

    /// <summary>
    /// True when (boot, seq) is newer than anything accepted: a later sequence in the same boot, or a later boot.
    /// Anything else is a duplicate (a resend after a reconnect, or a redelivery after a collector restart).
    /// </summary>
    public bool IsNew(long boot, long sequence) => boot > Boot || (boot == Boot && sequence > Sequence);

    /// <summary>Records an accepted (boot, seq); a new boot forgets the previous boot's clock offset.</summary>
    public void Accept(long boot, long sequence)
    {
        if (boot != Boot)
        {
            ClockOffsetMs = null;
        }

        Boot = boot;
        Sequence = sequence;
    }
}
