using System.Globalization;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// /metrics carries what the meters measured in base units: per node and feed an energy counter in joules equal to
/// the stored node_energy / feed_energy, a power gauge in watts for the newest bucket, and each device's last-seen time.
/// </summary>
public sealed class EnergyMetricsTests
{
    [Fact]
    public async Task Energy_counters_match_the_stored_buckets_and_gauges_show_the_newest_power()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;
        // Three windows: psu1 and psu2 at 400 W and 380 W, the GPU rail at 250 W (a submeter: not in the node's total).
        for (var k = 0; k <= 3; k++)
        {
            await h.SendAsync(ProcessorHarness.Telemetry(1, k + 1, t + (k * 10_000),
                ProcessorHarness.Pzem(0, 1, k * 4_000_000L, 400_000), ProcessorHarness.Pzem(1, 1, k * 3_800_000L, 380_000), ProcessorHarness.Pzem(2, 1, k * 2_500_000L, 250_000)));
        }

        await h.FlushNodeBucketsAsync();
        var text = await h.Metrics.ExportAsync();

        Assert.Equal(h.Sum(NodePoints.NodeEnergy, "energy_mj") / 1000.0, Value(text, "metering_node_energy_joules_total{site=\"paris-dc1\",node=\"gpu-a01\"}"), 3);
        Assert.Equal(3 * 7_800.0, Value(text, "metering_node_energy_joules_total{site=\"paris-dc1\",node=\"gpu-a01\"}"), 3);
        Assert.Equal(3 * 2_500.0, Value(text, "metering_feed_energy_joules_total{site=\"paris-dc1\",node=\"gpu-a01\",feed=\"gpu0-12v\",role=\"submeter\"}"), 3);
        Assert.Equal(3 * 4_000.0, Value(text, "metering_feed_energy_joules_total{site=\"paris-dc1\",node=\"gpu-a01\",feed=\"psu1\",role=\"wall\"}"), 3);
        Assert.Equal(780, Value(text, "metering_node_power_watts{site=\"paris-dc1\",node=\"gpu-a01\"}"), 3);
        Assert.Equal(250, Value(text, "metering_feed_power_watts{site=\"paris-dc1\",node=\"gpu-a01\",feed=\"gpu0-12v\",role=\"submeter\"}"), 3);
        Assert.Equal((t + 30_200) / 1000.0, Value(text, "metering_device_last_seen_timestamp_seconds{device=\"rack12-node07-a\"}"), 3);
        Assert.Contains("metering_energy_dropped_millijoules_total{reason=\"too_late\"} 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("metering_ingest_duplicates_total", text, StringComparison.Ordinal);
        Assert.DoesNotContain("metering_ingest_rate_messages_per_second", text, StringComparison.Ordinal);
    }

    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no series {series} in:\n{exposition}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
