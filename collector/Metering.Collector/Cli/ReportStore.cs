using Metering.Collector.Host.Settings;
using Metering.Collector.Storage;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Cli;

/// <summary>Opens the configured sink for reading, as `metering report` needs it: never creating an empty store.</summary>
internal static class ReportStore
{
    /// <summary>The reader of the sink <paramref name="options"/> configure (dispose it), or why there is none.</summary>
    public static (IPointReader? Reader, string? Error) Open(CollectorSettings options)
    {
        var storage = options.EffectiveStorage;
        var errors = storage.Validate();
        if (errors.Count > 0)
        {
            return (null, "invalid storage settings: " + string.Join("; ", errors));
        }

        switch (storage.Sink)
        {
            case "influxdb2":
                return (null, "Storage:Sink is influxdb2, and InfluxDB 2.x/3.x has no reader here: query it with Flux or SQL (its UI, Grafana), "
                    + "or report from a SQLite or InfluxDB 1.x store");
            case "sqlite" when !File.Exists(storage.Sqlite.Path):
                return (null, $"no store at {Path.GetFullPath(storage.Sqlite.Path)} (has `metering serve` run with --data {options.DataDirectory}?)");
        }

        try
        {
            // The SQLite store is opened read-only: a report never changes it, and works for a user who may only read it.
            return storage.Sink == "sqlite" ? (SqlitePointReader.OpenReadOnly(storage.Sqlite.Path), null)
                : SinkFactory.Create(storage) is IPointReader reader ? (reader, null)
                : (null, $"Storage:Sink {storage.Sink} cannot be read back");
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            return (null, $"cannot open the store at {Path.GetFullPath(storage.Sqlite.Path)}: {e.Message}");
        }
    }
}
