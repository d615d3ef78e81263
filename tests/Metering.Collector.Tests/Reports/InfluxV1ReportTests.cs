using Metering.Collector.Storage;
using Metering.Testing;

namespace Metering.Collector.Tests.Reports;

/// <summary>Reports read an InfluxDB 1.x store (a real InfluxDB 1.6.7) the same as the SQLite one: the same points give the same report.</summary>
public sealed class InfluxV1ReportTests(StoredSite site) : IClassFixture<StoredSite>
{
    private ReportFixture F => site.Fixture;

    public static TheoryData<string[]> Reports => new()
    {
        { ["job", "slurm:4711"] },
        { ["job", "run:eval-7"] },
        { ["job", "api:ghost"] },
        { ["project", "climate-llm"] },
        { ["user", "alice", "--from", "2025-02-19T21:20Z", "--to", "2025-02-19T22:00Z"] },
        { ["node", "gpu-a02", "--from", "2025-02-19T21:18Z", "--to", "2025-02-19T22:00Z"] },
    };

    [Fact]
    public async Task Every_report_from_InfluxDB_1_equals_the_one_from_SQLite_in_every_text_format()
    {
        using var server = InfluxDbServer.Start();
        using var dir = new Storage.TempFolder();
        using (var sink = new InfluxV1Sink(new InfluxV1Settings { Url = server.Url, Database = "reports", CreateDatabase = true }))
        {
            await F.WriteToAsync(sink);
        }

        var config = dir.File("appsettings.json");
        await File.WriteAllTextAsync(config, $$"""{ "Storage": { "Sink": "influxdb1", "InfluxV1": { "Url": "{{server.Url}}", "Database": "reports" } } }""");
        foreach (var args in Reports)
        {
            foreach (var format in new[] { "json", "csv", "table" })
            {
                var fromSqlite = await ReportCli.OutputAsync(F, [.. args, "--format", format]);
                var (code, fromInflux, error) = await ReportCli.RunAsync([.. args, "--format", format, "--config", config, "--data", dir.Path]);
                Assert.True(code == 0, $"{string.Join(' ', args)}: exit {code}: {error}");
                Assert.True(fromSqlite == fromInflux, $"{string.Join(' ', args)} --format {format} differs:\n{fromSqlite}\n---\n{fromInflux}");
            }
        }
    }

    [Fact]
    public async Task An_InfluxDB_1_that_does_not_answer_exits_3()
    {
        using var dir = new Storage.TempFolder();
        var config = dir.File("appsettings.json");
        await File.WriteAllTextAsync(config, $$"""{ "Storage": { "Sink": "influxdb1", "InfluxV1": { "Url": "http://127.0.0.1:{{FreePort.Next()}}", "Database": "reports" } } }""");
        var (code, _, error) = await ReportCli.RunAsync("job", "slurm:4711", "--config", config, "--data", dir.Path);
        Assert.Equal(3, code);
        Assert.Contains("cannot read the store: influxdb1 unreachable", error, StringComparison.Ordinal);
    }
}
