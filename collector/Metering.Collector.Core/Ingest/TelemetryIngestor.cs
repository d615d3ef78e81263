using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// The pure core of ingest: decodes a message under the contract (the same portable decoder the firmware uses, so
/// the collector accepts exactly what the contract accepts), checks that the payload's device is the topic's,
/// drops duplicates by (boot, seq), places windows on the UTC timeline, and turns telemetry into
/// <see cref="AcceptedReading"/>s. No clock, socket or logger: the caller passes the receive time and acts on the outcome.
/// </summary>
public sealed class TelemetryIngestor(TimePlacement time)
{
    private readonly Dictionary<string, DeviceLedger> _ledgers = new(StringComparer.Ordinal);

    /// <summary>The per-device ledgers (to persist and restore).</summary>
    public IReadOnlyDictionary<string, DeviceLedger> Ledgers => _ledgers;

    /// <summary>Restores a device's ledger (at start-up, from the state store).</summary>
    public void Restore(string deviceId, DeviceLedger ledger) => _ledgers[deviceId] = ledger;

    /// <summary>Decodes and validates one MQTT message received at <paramref name="receivedMs"/>.</summary>
    public IngestOutcome Ingest(string topic, byte[] payload, long receivedMs)
    {
        var decoded = MessageDecoder.Decode(topic, payload, out var error);
        if (decoded is null)
        {
            return IngestOutcome.Rejected(error!.Code, error.ToString());
        }

        return decoded.Message switch
        {
            TelemetryMessage t => Telemetry(t, receivedMs),
            StatusMessage s => IngestOutcome.ForStatus(s),
            EventMessage e => IngestOutcome.ForEvent(e),
            ConfigMessage c => IngestOutcome.ForConfig(c),
            _ => IngestOutcome.Rejected("invalid_topic", "unexpected message kind"),
        };
    }

    private IngestOutcome Telemetry(TelemetryMessage t, long receivedMs)
    {
        if (!_ledgers.TryGetValue(t.DeviceId, out var ledger))
        {
            ledger = _ledgers[t.DeviceId] = new DeviceLedger();
        }

        if (!ledger.IsNew(t.Boot, t.Sequence))
        {
            return IngestOutcome.Duplicate(t.DeviceId, t.Boot, t.Sequence);
        }

        ledger.Accept(t.Boot, t.Sequence);
        var offset = ledger.ClockOffsetMs;
        var (start, end, source) = time.Place(t.WindowStartMs, t.WindowEndMs, t.ClockSynced, receivedMs, ref offset);
        ledger.ClockOffsetMs = offset;
        var readings = new AcceptedReading[t.Channels.Length];
        for (var i = 0; i < readings.Length; i++)
        {
            var c = t.Channels[i];
            var stats = c.SampleCount > 0;
            readings[i] = new AcceptedReading(
                t.DeviceId, c.ChannelId, c.Kind, t.Boot, t.Sequence, c.Epoch, c.EnergyMillijoules, start, end, source, receivedMs,
                c.SampleCount, c.ErrorCount,
                stats ? c.PowerMeanMilliwatts : null, stats ? c.PowerMinMilliwatts : null, stats ? c.PowerMaxMilliwatts : null,
                stats ? c.VoltageMeanMillivolts : null, stats ? c.CurrentMeanMilliamps : null);
        }

        return IngestOutcome.ForTelemetry(t, readings);
    }
}
