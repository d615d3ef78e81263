using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>What became of one MQTT message.</summary>
public enum IngestResult
{
    /// <summary>Telemetry accepted: its channel readings go on.</summary>
    Telemetry,

    /// <summary>A status (birth, health or last will).</summary>
    Status,

    /// <summary>An event.</summary>
    Event,

    /// <summary>A retained config seen on the broker (the collector reads what devices were told).</summary>
    Config,

    /// <summary>A repeat of an accepted (incarnation, boot, seq), an older one too old to tell, or one of an earlier life: dropped and counted.</summary>
    Duplicate,

    /// <summary>Refused under the contract: counted by reason and dead-lettered with its raw payload.</summary>
    Rejected,

    /// <summary>
    /// A window of the current boot never accepted, arriving after later ones (out of order): counted, not stored; its
    /// energy is already in the interval between the counters around it.
    /// </summary>
    Late,
}

/// <summary>The outcome of <see cref="TelemetryIngestor.Ingest"/>.</summary>
/// <param name="Result">What became of the message.</param>
/// <param name="Reason">The refusal's reason code, or <c>duplicate</c> or <c>late</c>.</param>
/// <param name="Detail">A sentence for the dead letters.</param>
/// <param name="Message">The decoded message.</param>
/// <param name="Readings">Telemetry: one accepted reading per channel.</param>
/// <param name="NewLife">Telemetry that started a new device life: the life, for its event and log line.</param>
public sealed record IngestOutcome(IngestResult Result, string? Reason, string? Detail, object? Message, IReadOnlyList<AcceptedReading> Readings, DeviceLife? NewLife = null)
{
    /// <summary>An event: where it lands on the collector's timeline, ms (its device time, its boot's start plus its uptime, or its receive time).</summary>
    public long PlacedMs { get; init; }

    internal static IngestOutcome Rejected(string reason, string detail) => new(IngestResult.Rejected, reason, detail, null, []);

    internal static IngestOutcome Duplicate(string device, LifeJudgement judgement) =>
        judgement.Reason == DeviceLifeRules.LateReason
            ? new(IngestResult.Late, DeviceLifeRules.LateReason, $"{device}: {judgement.Detail}", null, [])
            : new(IngestResult.Duplicate, "duplicate", $"{device}: {judgement.Detail}", null, []);

    internal static IngestOutcome ForTelemetry(TelemetryMessage m, IReadOnlyList<AcceptedReading> readings, DeviceLife? life) =>
        new(IngestResult.Telemetry, null, null, m, readings, life);

    internal static IngestOutcome ForStatus(StatusMessage m) => new(IngestResult.Status, null, null, m, []);

    internal static IngestOutcome ForEvent(EventMessage m, long placedMs) => new(IngestResult.Event, null, null, m, []) { PlacedMs = placedMs };

    internal static IngestOutcome ForConfig(ConfigMessage m) => new(IngestResult.Config, null, null, m, []);
}
