using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// What the collector knows of each device, for technicians (/api/v1/devices) and health metrics: the latest
/// status (birth, health or last will), when it was last heard from, its telemetry and refusal counts, its last
/// event. Pure: the caller passes the times.
/// </summary>
public sealed class DeviceRegistry
{
    /// <summary>A device unheard for this long is not counted online, whatever its last status said.</summary>
    public static readonly long StaleAfterMs = 5 * 60 * 1000;

    private readonly Dictionary<string, DeviceInfo> _devices = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Every device seen, by id (a snapshot).</summary>
    public IReadOnlyList<DeviceInfo> All()
    {
        lock (_lock)
        {
            return [.. _devices.Values.OrderBy(d => d.DeviceId, StringComparer.Ordinal).Select(d => d with { })];
        }
    }

    /// <summary>Devices whose last status is online and that were heard from within <see cref="StaleAfterMs"/>.</summary>
    public int CountOnline(long nowMs)
    {
        lock (_lock)
        {
            return _devices.Values.Count(d => d.State == "online" && nowMs - d.LastSeenMs <= StaleAfterMs);
        }
    }

    /// <summary>Restores a device (at start-up).</summary>
    public void Restore(DeviceInfo info)
    {
        lock (_lock)
        {
            _devices[info.DeviceId] = info;
        }
    }

    /// <summary>Records an outcome for <paramref name="deviceId"/> (null when the topic named no valid device) at <paramref name="nowMs"/>.</summary>
    public void Record(string? deviceId, IngestOutcome outcome, long nowMs)
    {
        if (deviceId is null)
        {
            return;
        }

        lock (_lock)
        {
            if (!_devices.TryGetValue(deviceId, out var d))
            {
                d = _devices[deviceId] = new DeviceInfo { DeviceId = deviceId, FirstSeenMs = nowMs };
            }

            d.LastSeenMs = nowMs;
            switch (outcome.Result)
            {
                case IngestResult.Telemetry:
                    var t = (TelemetryMessage)outcome.Message!;
                    d.TelemetryMessages++;
                    d.LastTelemetryMs = nowMs;
                    d.Boot = t.Boot;
                    d.ClockSynced = t.ClockSynced;
                    d.Incarnation = t.Incarnation;
                    if (outcome.NewLife is { } life)
                    {
                        d.Life = life.Life;
                        d.LastEvent = $"new life {life.Life} ({life.Reason}): {life.Detail}";
                    }

                    if (d.Channels.Length != t.Channels.Length)
                    {
                        d.Channels = new int[t.Channels.Length];
                    }

                    for (var i = 0; i < t.Channels.Length; i++)
                    {
                        d.Channels[i] = t.Channels[i].ChannelId;
                    }

                    break;
                case IngestResult.Status:
                    var s = (StatusMessage)outcome.Message!;
                    if (s.State != DeviceState.Online && s.Incarnation >= 0 && d.Incarnation >= 0 && s.Incarnation != d.Incarnation)
                    {
                        // The last will of a board that was replaced: the broker may publish it after the new board's birth.
                        d.LastEvent = $"last will of incarnation {s.Incarnation}, an earlier board (the device runs incarnation {d.Incarnation})";
                        break;
                    }

                    d.State = s.State == DeviceState.Online ? "online" : "offline";
                    d.Incarnation = s.Incarnation >= 0 ? s.Incarnation : d.Incarnation;
                    d.Firmware = s.FirmwareVersion ?? d.Firmware;
                    d.Boot = s.Boot >= 0 ? s.Boot : d.Boot;
                    d.Status = s;
                    break;
                case IngestResult.Event:
                    var e = (EventMessage)outcome.Message!;
                    d.LastEvent = $"{e.Kind}{(e.Channel >= 0 ? $" channel {e.Channel}" : "")}: {e.Detail}";
                    d.Events++;
                    break;
                case IngestResult.Config:
                    d.ConfigRev = ((ConfigMessage)outcome.Message!).Rev;
                    break;
                case IngestResult.Duplicate:
                    d.Duplicates++;
                    break;
                case IngestResult.Late:
                    d.Late++;
                    break;
                case IngestResult.Rejected:
                    d.Rejected++;
                    d.LastRejection = outcome.Detail;
                    break;
            }
        }
    }
}

/// <summary>One device as the collector knows it.</summary>
public sealed record DeviceInfo
{
    /// <summary>Device id.</summary>
    public required string DeviceId { get; init; }
    /// <summary>Last status state: online, offline, or unknown before any status.</summary>
    public string State { get; set; } = "unknown";
    /// <summary>Firmware version from status.</summary>
    public string? Firmware { get; set; }
    /// <summary>Boot counter last seen.</summary>
    public long Boot { get; set; } = -1;
    /// <summary>Incarnation last seen in telemetry or an online status, -1 when none.</summary>
    public long Incarnation { get; set; } = -1;
    /// <summary>The collector's ordinal of the device's current life (0 for the first).</summary>
    public long Life { get; set; }
    /// <summary>The retained config revision seen on the broker.</summary>
    public long ConfigRev { get; set; }
    /// <summary>When first and last heard from (ms since the Unix epoch, collector clock).</summary>
    public long FirstSeenMs { get; set; }
    /// <summary>When last heard from.</summary>
    public long LastSeenMs { get; set; }
    /// <summary>When its last telemetry arrived.</summary>
    public long LastTelemetryMs { get; set; }
    /// <summary>Whether its last telemetry had an SNTP-synced clock.</summary>
    public bool ClockSynced { get; set; }
    /// <summary>Channel ids in its last telemetry.</summary>
    public int[] Channels { get; set; } = [];
    /// <summary>Telemetry messages accepted, duplicates dropped, messages refused, events received.</summary>
    public long TelemetryMessages { get; set; }
    /// <summary>Duplicates dropped.</summary>
    public long Duplicates { get; set; }

    /// <summary>Late windows (never accepted, overtaken by later ones) dropped.</summary>
    public long Late { get; set; }
    /// <summary>Messages refused (topic of this device, payload broke the contract).</summary>
    public long Rejected { get; set; }
    /// <summary>Events received.</summary>
    public long Events { get; set; }
    /// <summary>Why its last refused message was refused.</summary>
    public string? LastRejection { get; set; }
    /// <summary>Its last event, for people.</summary>
    public string? LastEvent { get; set; }
    /// <summary>Its last status message (health: heap, RSSI, reconnects, queue, per-channel errors and faults).</summary>
    public StatusMessage? Status { get; set; }
}
