using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Storage;

/// <summary>Storage settings are checked before anything opens, with messages that name the setting.</summary>
public sealed class StorageOptionsTests
{
    private static readonly InfluxV1Settings V1 = new() { Url = "http://127.0.0.1:8086", Database = "metering" };
    private static readonly InfluxV2Settings V2 = new() { Url = "http://127.0.0.1:8086", Org = "o", Bucket = "b", Token = "t" };

    public static TheoryData<string, StorageSettings, string> Invalid => new()
    {
        { "unknown sink", new() { Sink = "postgres" }, "Storage:Sink must be one of sqlite, influxdb1, influxdb2; it is \"postgres\"" },
        { "v2 token", new() { Sink = "influxdb2", InfluxV2 = V2 with { Token = "" } }, "Storage:InfluxV2:Token is required" },
        { "v2 org", new() { Sink = "influxdb2", InfluxV2 = V2 with { Org = " " } }, "Storage:InfluxV2:Org is required" },
        { "v2 bucket", new() { Sink = "influxdb2", InfluxV2 = V2 with { Bucket = "" } }, "Storage:InfluxV2:Bucket is required" },
        { "v2 url", new() { Sink = "influxdb2", InfluxV2 = V2 with { Url = "" } }, "Storage:InfluxV2:Url is required" },
        { "v2 url scheme", new() { Sink = "influxdb2", InfluxV2 = V2 with { Url = "ftp://x" } }, "Storage:InfluxV2:Url must be an absolute http:// or https:// URL; it is \"ftp://x\"" },
        { "v1 database", new() { Sink = "influxdb1", InfluxV1 = V1 with { Database = "" } }, "Storage:InfluxV1:Database is required" },
        { "v1 url", new() { Sink = "influxdb1", InfluxV1 = V1 with { Url = "localhost:8086" } }, "Storage:InfluxV1:Url must be an absolute http:// or https:// URL; it is \"localhost:8086\"" },
        { "v1 password alone", new() { Sink = "influxdb1", InfluxV1 = V1 with { Password = "p" } }, "Storage:InfluxV1:Username is required when Storage:InfluxV1:Password is set" },
        { "v1 timeout", new() { Sink = "influxdb1", InfluxV1 = V1 with { Timeout = TimeSpan.Zero } }, "Storage:InfluxV1:Timeout must be positive; it is 00:00:00" },
        { "sqlite path", new() { Sqlite = new() { Path = "" } }, "Storage:Sqlite:Path is required" },
        { "same file twice", new() { Sqlite = new() { Path = "data.db" }, Outbox = new() { Path = "./data.db" } }, "Storage:Sqlite:Path and Storage:Outbox:Path must be different files; both are \"data.db\"" },
        { "outbox bound", new() { Outbox = new() { MaxBytes = -1 } }, "Storage:Outbox:MaxBytes must be positive; it is -1" },
        { "drain backoff", new() { Drain = new() { InitialBackoff = TimeSpan.Zero } }, "Storage:Drain:InitialBackoff must be positive; it is 00:00:00" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_problem_is_reported_naming_its_setting(string because, StorageSettings options, string message)
    {
        Assert.True(options.Validate().Contains(message), $"{because}: {string.Join(" | ", options.Validate())}");
        var e = Assert.Throws<ArgumentException>(() => SinkFactory.Create(options));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_chosen_sink_is_checked()
    {
        Assert.Empty(new StorageSettings { Sink = "sqlite", InfluxV2 = new() }.Validate());
        Assert.Empty(new StorageSettings { Sink = "influxdb2", InfluxV2 = V2, InfluxV1 = new() }.Validate());
    }

    [Fact]
    public void The_factory_builds_the_configured_sink_and_the_readers_are_the_sqlite_and_v1_sinks()
    {
        using var dir = new TempFolder();
        var sinks = new[]
        {
            SinkFactory.Create(new StorageSettings { Sqlite = new() { Path = dir.File("m.db") }, Outbox = new() { Path = dir.File("o.db") } }),
            SinkFactory.Create(new StorageSettings { Sink = "influxdb1", InfluxV1 = V1 }),
            SinkFactory.Create(new StorageSettings { Sink = "influxdb2", InfluxV2 = V2 }),
        };

        Assert.Equal(["sqlite:True", "influxdb1:True", "influxdb2:False"], sinks.Select(s => $"{s.Name}:{s is IPointReader}"));
        foreach (var s in sinks)
        {
            ((IDisposable)s).Dispose();
        }
    }
}
