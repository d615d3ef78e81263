namespace Metering.Collector.Storage;

/// <summary>Builds the configured sink. The SQLite and InfluxDB 1.x sinks also implement <see cref="IPointReader"/>.</summary>
public static class SinkFactory
{
    /// <summary>Validates <paramref name="options"/> and creates the sink it names.</summary>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public static ISink Create(StorageSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid storage settings: " + string.Join("; ", errors), nameof(options));
        }

        return options.Sink switch
        {
            "sqlite" => new SqliteSink(options.Sqlite),
            "influxdb1" => new InfluxV1Sink(options.InfluxV1),
            "influxdb2" => new InfluxV2Sink(options.InfluxV2),
            _ => throw new ArgumentException($"Storage:Sink \"{options.Sink}\" is not a sink", nameof(options)),
        };
    }
}
