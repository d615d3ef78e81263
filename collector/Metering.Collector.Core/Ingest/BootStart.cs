using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// When a device's boot started, on the collector's timeline (shared/Metering.Protocol/README.md, "Unsynced clocks"). A
/// message with uptime <c>u</c> received at <c>R</c> was sent no earlier than <c>u</c> after the boot started, so the
/// boot started no later than <c>R - u</c>: an online status bounds it to the second (<c>uptime_s</c>), a message with
/// <c>uptime_ms</c> to the millisecond plus its travel time. The ledger keeps the smallest bound of the device's newest
/// (incarnation, boot); an unsynced window placed at that bound plus its uptime is never later than its arrival and
/// never earlier than its measurement. Pure: the caller passes the receive time.
/// </summary>
public static class BootStart
{
    /// <summary>
    /// Records the bound <paramref name="boundMs"/> that a message of (<paramref name="incarnation"/>, -1 when absent;
    /// <paramref name="boot"/>) gives, and returns the latest start of that boot known with it. The ledger follows one
    /// boot: the same boot (incarnations compared when both are known) tightens its bound; a later boot, or another
    /// incarnation not retired, replaces it (a reboot, a board swapped in); a message of an earlier boot or a retired
    /// incarnation changes nothing and gets its own bound.
    /// </summary>
    public static long Observe(DeviceLedger ledger, long incarnation, long boot, long boundMs)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var known = incarnation != TelemetryMessage.Absent && ledger.BootStartIncarnation != TelemetryMessage.Absent;
        if (ledger.BootStartMs is { } start && ledger.BootStartBoot == boot && (!known || incarnation == ledger.BootStartIncarnation))
        {
            ledger.BootStartMs = Math.Min(start, boundMs);
            if (incarnation != TelemetryMessage.Absent)
            {
                ledger.BootStartIncarnation = incarnation;
            }

            return ledger.BootStartMs.Value;
        }

        var retired = incarnation != TelemetryMessage.Absent && ledger.RetiredIncarnations.Contains(incarnation);
        var newer = ledger.BootStartMs is null || boot > ledger.BootStartBoot || (known && incarnation != ledger.BootStartIncarnation);
        if (retired || !newer)
        {
            return boundMs;
        }

        ledger.BootStartBoot = boot;
        ledger.BootStartIncarnation = incarnation;
        ledger.BootStartMs = boundMs;
        return boundMs;
    }
}
