namespace Metering.Collector.Storage;

/// <summary>
/// The Storage stage's configuration (section <c>Storage</c>): which sink, its settings, the outbox and the drainer.
/// Validated at start-up, before anything opens or connects; every message names its setting.
/// </summary>
public sealed record StorageSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>The sink kinds, as written in <see cref="Sink"/>.</summary>
    public static readonly IReadOnlyList<string> SinkKinds = ["sqlite", "influxdb1", "influxdb2"];

    /// <summary><c>sqlite</c> (the default), <c>influxdb1</c> or <c>influxdb2</c> (also for InfluxDB 3).</summary>
    public string Sink { get; init; } = "sqlite";

    /// <summary>The durable outbox in front of the sink.</summary>
    public OutboxSettings Outbox { get; init; } = new();

    /// <summary>How the outbox drains into the sink.</summary>
    public DrainerSettings Drain { get; init; } = new();

    /// <summary>Used when <see cref="Sink"/> is <c>sqlite</c>.</summary>
    public SqliteSinkSettings Sqlite { get; init; } = new();

    /// <summary>Used when <see cref="Sink"/> is <c>influxdb1</c>.</summary>
    public InfluxV1Settings InfluxV1 { get; init; } = new();

    /// <summary>Used when <see cref="Sink"/> is <c>influxdb2</c>.</summary>
    public InfluxV2Settings InfluxV2 { get; init; } = new();

    /// <summary>Problems with these settings (the chosen sink's only), each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Outbox?.Validate($"{Section}:Outbox") ?? [$"{Section}:Outbox is required"]);
        errors.AddRange(Drain?.Validate($"{Section}:Drain") ?? [$"{Section}:Drain is required"]);
        switch (Sink)
        {
            case "sqlite":
                errors.AddRange(Sqlite?.Validate($"{Section}:Sqlite") ?? [$"{Section}:Sqlite is required"]);
                if (Sqlite is not null && Outbox is not null && SamePath(Sqlite.Path, Outbox.Path))
                {
                    errors.Add($"{Section}:Sqlite:Path and {Section}:Outbox:Path must be different files; both are \"{Sqlite.Path}\"");
                }

                break;
            case "influxdb1":
                errors.AddRange(InfluxV1?.Validate($"{Section}:InfluxV1") ?? [$"{Section}:InfluxV1 is required"]);
                break;
            case "influxdb2":
                errors.AddRange(InfluxV2?.Validate($"{Section}:InfluxV2") ?? [$"{Section}:InfluxV2 is required"]);
                break;
            default:
                errors.Add($"{Section}:Sink must be one of {string.Join(", ", SinkKinds)}; it is \"{Sink}\"");
                break;
        }

        return errors;
    }

    private static bool SamePath(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b)
        && string.Equals(System.IO.Path.GetFullPath(a), System.IO.Path.GetFullPath(b), StringComparison.Ordinal);
}
