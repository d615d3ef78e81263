using System.Net.Http.Json;
using System.Text.Json;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>`metering serve` with no configuration at all: embedded broker on 127.0.0.1:1883, SQLite under ./metering-data, HTTP on 127.0.0.1:8080.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ServeTests
{
    [Fact]
    public async Task Serve_with_no_configuration_accepts_a_virtual_fleet_and_inventory_unmapped_and_metrics_show_it()
    {
        Assert.False(FreePort.Accepts(1883), "port 1883 is taken: this test runs `metering serve` on its embedded defaults");
        Assert.False(FreePort.Accepts(8080), "port 8080 is taken: this test runs `metering serve` on its embedded defaults");
        var dir = Collectors.TempDirectory();
        using var serve = MeteringProcess.Start(dir, "serve");
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8080") };
        await Collectors.WaitUntilAsync(() => FreePort.Accepts(8080) && FreePort.Accepts(1883), TimeSpan.FromSeconds(60), "serve to listen: " + serve.Output);

        var (simExit, simOutput) = await Task.Run(() => MeteringProcess.Run(dir, "sim --broker 127.0.0.1:1883 --devices 3 --window-s 1 --duration-s 8 --prefix zero"));
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.True(simExit == 0, simOutput);
        var metrics = await http.GetStringAsync("/metrics");
        var telemetry = metrics.Split('\n').Single(l => l.StartsWith("metering_ingest_messages_total{outcome=\"telemetry\"}", StringComparison.Ordinal));
        Assert.True(double.Parse(telemetry.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 15, telemetry);
        Assert.Contains("metering_devices_known 3", metrics);
        var devices = await http.GetFromJsonAsync<JsonElement[]>("/api/v1/devices");
        Assert.Equal(["zero-0001-a", "zero-0002-a", "zero-0003-a"], devices!.Select(d => d.GetProperty("device").GetString()));
        var (exit, unmapped) = MeteringProcess.Run(dir, "inventory unmapped");
        Assert.Equal(0, exit);
        Assert.Contains("unmapped channels", unmapped);
        foreach (var device in new[] { "zero-0001-a", "zero-0002-a", "zero-0003-a" })
        {
            Assert.Contains(device, unmapped);
        }

        Assert.Equal(0, serve.Interrupt());
        Assert.True(File.Exists(Path.Combine(dir, "metering-data", "store.db")), "the SQLite store is under ./metering-data");
    }
}
