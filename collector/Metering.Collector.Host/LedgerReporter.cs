using System.Text.Json;
using Metering.Collector.Ingest;
using Metering.Collector.Intervals;
using Metering.Collector.Storage;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// What the host does with the ledger's news, so that nothing happens without a word: a new device life is counted
/// (<c>metering_device_lives_total</c>) and logged; quarantined energy is counted in mJ by reason
/// (<c>metering_energy_quarantined_millijoules_total</c>), kept in the dead letters with a JSON record of what was refused,
/// and logged through a <see cref="RateLimitedLog"/> per device (lives) and per reason (quarantine).
/// </summary>
public sealed class LedgerReporter(DeadLetterStore deadLetters, CollectorMetrics metrics, TimeProvider time, ILogger log)
{
    private readonly RateLimitedLog _log = new(log, time);

    /// <summary>A device started a new life at <paramref name="nowMs"/>.</summary>
    public void NewLife(DeviceLife life, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(life);
        metrics.DeviceLives.WithLabels(life.Reason).Inc();
        _log.Event("life/" + life.DeviceId, (l, since) => l.LogWarning("Device {Device} starts a new life ({Reason}): {Detail}; every channel starts a new baseline{Since}",
            life.DeviceId, life.Reason, life.Detail, Since(since)));
    }

    /// <summary>An operator's reset-ledger request for <paramref name="deviceId"/> was applied.</summary>
    public void ResetRequested(string deviceId) =>
        log.LogInformation("Device {Device}: an operator's reset-ledger is applied; its next telemetry starts a new life", deviceId);

    /// <summary>Energy a reading of the message on <paramref name="topic"/> had the collector refuse.</summary>
    public void Quarantined(ChannelQuarantine q, string topic, long receivedMs)
    {
        ArgumentNullException.ThrowIfNull(q);
        var reason = q.Reason.Token();
        metrics.EnergyQuarantined.WithLabels(reason).Inc(q.EnergyMillijoules);
        var detail = q.BoundMillijoules > 0
            ? $"{q.DeviceId}/{q.ChannelId}: {q.EnergyMillijoules} mJ over [{q.StartMs}, {q.EndMs}] is beyond the {q.BoundMillijoules} mJ its duration allows ({reason}); stored as a gap"
            : $"{q.DeviceId}/{q.ChannelId}: counter {q.CounterMillijoules} mJ at boot {q.Boot} seq {q.Sequence} went below the baseline {q.BaselineCounterMillijoules} mJ and the next reading did not follow it; set aside ({q.EnergyMillijoules} mJ refused)";
        deadLetters.Add(receivedMs, topic, reason, detail, JsonSerializer.SerializeToUtf8Bytes(new
        {
            device = q.DeviceId, channel = q.ChannelId, reason, quarantined_mj = q.EnergyMillijoules, boot = q.Boot, seq = q.Sequence,
            epoch = q.Epoch, energy_mj = q.CounterMillijoules, baseline_energy_mj = q.BaselineCounterMillijoules,
            start_ms = q.StartMs, end_ms = q.EndMs, bound_mj = q.BoundMillijoules,
        }));
        _log.Event("quarantine/" + reason, (l, since) => l.LogWarning("Energy quarantined: {Detail}; it is in the dead letters{Since}", detail, Since(since)));
    }


    private static string Since(long count) => count > 0 ? $" ({count} more in the last minute)" : "";
}
