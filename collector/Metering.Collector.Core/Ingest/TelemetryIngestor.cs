using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// The pure core of ingest: decodes a message under the contract (the same portable decoder the firmware uses, so
/// the collector accepts exactly what the contract accepts), checks that the payload's device is the topic's, tells
/// device lives apart and drops replays (<see cref="DeviceLifeRules"/>), places windows on the UTC timeline, and turns
/// telemetry into <see cref="AcceptedReading"/>s. No clock, socket or logger: the caller passes the receive time and
/// acts on the outcome.
/// </summary>
public sealed class TelemetryIngestor(TimePlacement time)
{
    private readonly Dictionary<string, DeviceLedger> _ledgers = new(StringComparer.Ordinal);

    /// <summary>The per-device ledgers (to persist and restore).</summary>
    public IReadOnlyDictionary<string, DeviceLedger> Ledgers => _ledgers;

    /// <summary>Restores a device's ledger (at start-up, from the state store).</summary>
    public void Restore(string deviceId, DeviceLedger ledger) => _ledgers[deviceId] = ledger;

    /// <summary>
    /// Marks <paramref name="deviceId"/>'s next telemetry (other than a redelivery of the last one accepted) as the
    /// start of a new life: an operator's <c>metering device reset-ledger</c>.
    /// </summary>
    public void RequestNewLife(string deviceId) => Ledger(deviceId).ResetRequested = true;

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
            StatusMessage s => Status(s, receivedMs),
            EventMessage e => Event(e, receivedMs),
            ConfigMessage c => Config(c),
            _ => IngestOutcome.Rejected("invalid_topic", "unexpected message kind"),
        };
    }

    private DeviceLedger Ledger(string deviceId)
    {
        if (!_ledgers.TryGetValue(deviceId, out var ledger))
        {
            ledger = _ledgers[deviceId] = new DeviceLedger();
        }

        return ledger;
    }

    private IngestOutcome Config(ConfigMessage c)
    {
        // The largest rating any config declared: a device still running the previous config is never judged by a smaller one.
        var ratings = Ledger(c.DeviceId).RatedMaxMilliwatts;
        foreach (var channel in c.Channels)
        {
            ratings[channel.ChannelId] = Math.Max(ratings.GetValueOrDefault(channel.ChannelId), ChannelRatings.MaxMilliwatts(channel));
        }

        return IngestOutcome.ForConfig(c);
    }

    /// <summary>An online status dates its boot's start to the second: its uptime was counted when it was sent.</summary>
    private IngestOutcome Status(StatusMessage s, long receivedMs)
    {
        if (s.State == DeviceState.Online && s.Boot >= 0 && s.UptimeSeconds >= 0)
        {
            BootStart.Observe(Ledger(s.DeviceId), s.Incarnation, s.Boot, receivedMs - (s.UptimeSeconds * 1000));
        }

        return IngestOutcome.ForStatus(s);
    }

    /// <summary>An event lands at its device time when synced, at its boot's start plus its uptime when not, else when it arrived.</summary>
    private IngestOutcome Event(EventMessage e, long receivedMs)
    {
        var placedMs = e.ClockSynced ? e.TimeMs
            : e.UptimeMs >= 0 ? BootStart.Observe(Ledger(e.DeviceId), TelemetryMessage.Absent, e.Boot, receivedMs - e.UptimeMs) + e.UptimeMs
            : receivedMs;
        return IngestOutcome.ForEvent(e, placedMs);
    }

    private IngestOutcome Telemetry(TelemetryMessage t, long receivedMs)
    {
        var ledger = Ledger(t.DeviceId);
        var judgement = DeviceLifeRules.Judge(ledger, t.Incarnation, t.Boot, t.Sequence, t.ClockSynced, t.WindowEndMs);
        if (judgement.Verdict == LifeVerdict.Replay)
        {
            return IngestOutcome.Duplicate(t.DeviceId, judgement);
        }

        var life = DeviceLifeRules.Accept(ledger, t.DeviceId, judgement, t.Incarnation, t.Boot, t.Sequence, t.ClockSynced, t.WindowEndMs);
        var (start, end, source) = Place(ledger, t, receivedMs);
        var readings = new AcceptedReading[t.Channels.Length];
        for (var i = 0; i < readings.Length; i++)
        {
            var c = t.Channels[i];
            var stats = c.SampleCount > 0;
            var lineage = c.PreviousEpoch != ChannelReading.Absent;
            readings[i] = new AcceptedReading(
                t.DeviceId, c.ChannelId, c.Kind, t.Boot, t.Sequence, c.Epoch, c.EnergyMillijoules, start, end, source, receivedMs,
                c.SampleCount, c.ErrorCount,
                stats ? c.PowerMeanMilliwatts : null, stats ? c.PowerMinMilliwatts : null, stats ? c.PowerMaxMilliwatts : null,
                stats ? c.VoltageMeanMillivolts : null, stats ? c.CurrentMeanMilliamps : null)
            {
                Life = ledger.Life,
                Incarnation = t.Incarnation,
                PreviousEpoch = lineage ? c.PreviousEpoch : null,
                PreviousEnergyMillijoules = lineage ? c.PreviousEnergyMillijoules : null,
                DeviceEndMs = t.WindowEndMs,
                RatedMaxMilliwatts = ledger.RatedMaxMilliwatts.TryGetValue(c.ChannelId, out var rated) ? rated : ChannelRatings.DefaultMilliwatts(c.Kind),
                ResolutionMillijoules = ChannelRatings.ResolutionMillijoules(c.Kind),
            };
        }

        return IngestOutcome.ForTelemetry(t, readings, life);
    }

    private (long StartMs, long EndMs, TimeSource Source) Place(DeviceLedger ledger, TelemetryMessage t, long receivedMs)
    {
        if (!t.ClockSynced && t.UptimeMs >= 0)
        {
            var bootStart = BootStart.Observe(ledger, t.Incarnation, t.Boot, receivedMs - t.UptimeMs);
            return TimePlacement.FromUptime(t.WindowEndMs - t.WindowStartMs, t.UptimeMs, bootStart);
        }

        var offset = ledger.ClockOffsetMs;
        var placed = time.Place(t.WindowStartMs, t.WindowEndMs, t.ClockSynced, receivedMs, ref offset);
        ledger.ClockOffsetMs = offset;
        return placed;
    }
}
