namespace Metering.Collector.Files;

/// <summary>
/// The collector's data directory and the name of every file in it. The one place that spells them: commands, the
/// host and the demo ask this type for a path and never write a file name themselves (Files/README.md, "Data directory").
/// </summary>
/// <param name="Root">The directory, as configured (<c>DataDirectory</c>, or <c>--data</c>); relative to the working directory.</param>
public sealed record DataDirectory(string Root)
{
    /// <summary>The directory when nothing says otherwise, relative to the working directory.</summary>
    public const string DefaultRoot = "metering-data";

    /// <summary>The collector's own SQLite database: ingest state (ledgers, channels, buckets, attribution) and refused messages.</summary>
    public string State => In("collector.db");

    /// <summary>The job store: jobs and power estimates (SQLite).</summary>
    public string Jobs => In("jobs.db");

    /// <summary>The durable outbox in front of the sink, unless Storage:Outbox:Path says otherwise.</summary>
    public string Outbox => In("outbox.db");

    /// <summary>The SQLite sink's store, unless Storage:Sqlite:Path says otherwise.</summary>
    public string Store => In("store.db");

    /// <summary>The inventory (channels to node feeds), unless InventoryPath says otherwise.</summary>
    public string Inventory => In("inventory.json");

    /// <summary>The generated job API token (mode 0600), unless Jobs:Token is configured.</summary>
    public string ApiToken => In("api-token");

    /// <summary>The generated read-only HTTP API token for dashboards, unless Jobs:ReadToken is configured.</summary>
    public string ApiReadToken => In("api-read-token");

    /// <summary>The embedded broker's retained messages.</summary>
    public string Retained => In("retained.json");

    /// <summary>The folder of imported carbon-intensity series, one <c>ZONE.csv</c> each.</summary>
    public string CarbonSeries => In("carbon");

    private string In(string name) => Path.Combine(Root, name);
}
