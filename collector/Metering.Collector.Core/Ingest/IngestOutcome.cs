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

    /// <summary>A repeat of an accepted (boot, seq): dropped and counted.</summary>
    Duplicate,

    /// <summary>Refused under the contract: counted by reason and dead-lettered with its raw payload.</summary>
    Rejected,
}

/// <summary>The outcome of <see cref="TelemetryIngestor.Ingest"/>.</summary>
public sealed record IngestOutcome(IngestResult Result, string? Reason, string? Detail, object? Message, IReadOnlyList<AcceptedReading> Readings)
{
    internal static IngestOutcome Rejected(string reason, string detail) => new(IngestResult.Rejected, reason, detail, null, []);

    internal static IngestOutcome Duplicate(string device, long boot, long seq) =>
        new(IngestResult.Duplicate, "duplicate", $"{device} boot {boot} seq {seq} was already accepted", null, []);

    internal static IngestOutcome ForTelemetry(TelemetryMessage m, IReadOnlyList<AcceptedReading> readings) => new(IngestResult.Telemetry, null, null, m, readings);

    internal static IngestOutcome ForStatus(StatusMessage m) => new(IngestResult.Status, null, null, m, []);

    internal static IngestOutcome ForEvent(EventMessage m) => new(IngestResult.Event, null, null, m, []);

    internal static IngestOutcome ForConfig(ConfigMessage m) => new(IngestResult.Config, null, null, m, []);
}
