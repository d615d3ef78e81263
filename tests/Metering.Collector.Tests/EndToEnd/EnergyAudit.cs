using Metering.Collector.Intervals;
using Metering.Simulation.Fleet;
using Metering.Collector.Storage;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// Checks stored energy against what the meters published and against the physical truth: for every channel the
/// stored channel_interval energies add up EXACTLY to the counter difference between the first and last published
/// readings (the collector lost and doubled nothing), and that difference matches the load profiles' exact energy
/// within the firmware's measurement tolerance.
/// </summary>
internal static class EnergyAudit
{
    public sealed record ChannelAudit(string Device, int Channel, long PublishedMj, long StoredMj, double TruthJ, int Readings);

    /// <summary>Audits every channel of every device the recorder saw.</summary>
    public static async Task<IReadOnlyList<ChannelAudit>> RunAsync(MqttRecorder recorder, IPointReader store, FleetSimulator fleet)
    {
        var telemetry = recorder.Messages.Where(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
            .Select(m => TelemetryCodec.Decode(m.Payload, out _)!).DistinctBy(t => (t.DeviceId, t.Boot, t.Sequence))
            .GroupBy(t => t.DeviceId);
        var audits = new List<ChannelAudit>();
        foreach (var device in telemetry)
        {
            var ordered = device.OrderBy(t => t.Boot).ThenBy(t => t.Sequence).ToList();
            var first = ordered[0];
            var last = ordered[^1];
            foreach (var channel in first.Channels)
            {
                var a = first.Channels.Single(c => c.ChannelId == channel.ChannelId);
                var b = last.Channels.Single(c => c.ChannelId == channel.ChannelId);
                Assert.Equal(a.Epoch, b.Epoch);
                var stored = await store.QueryAsync(IntervalPoints.ChannelInterval,
                    new Dictionary<string, string> { ["device"] = device.Key, ["channel"] = channel.ChannelId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    first.WindowEndMs + 1, last.WindowEndMs + 1000, CancellationToken.None);
                var storedMj = stored.Where(p => p.TimestampMs <= last.WindowEndMs + 999).Sum(p => Convert.ToInt64(p.Field("energy_mj"), System.Globalization.CultureInfo.InvariantCulture));
                audits.Add(new ChannelAudit(device.Key, channel.ChannelId, b.EnergyMillijoules - a.EnergyMillijoules, storedMj,
                    fleet.TruthJoules(device.Key, channel.ChannelId, first.WindowEndMs, last.WindowEndMs), ordered.Count));
            }
        }

        return audits;
    }

    /// <summary>Asserts exact storage and physical agreement (PZEM: 2 Wh plus 2 s of energy; INA219: 1.5 % plus 0.5 s).</summary>
    public static void AssertExactAndTrue(IReadOnlyList<ChannelAudit> audits, FleetSimulator fleet, int minReadings)
    {
        Assert.NotEmpty(audits);
        foreach (var a in audits)
        {
            Assert.True(a.Readings >= minReadings, $"{a.Device}/{a.Channel}: only {a.Readings} readings");
            Assert.True(a.PublishedMj == a.StoredMj, $"{a.Device}/{a.Channel}: stored {a.StoredMj} mJ, published counters say {a.PublishedMj} mJ");
            var seconds = a.Readings * (double)fleet.Options.WindowSeconds;
            var meanWatts = a.TruthJ / seconds;
            var tolerance = a.Channel < 2 ? 7200 + (2 * meanWatts) : (0.015 * a.TruthJ) + (0.5 * meanWatts);
            Assert.True(Math.Abs((a.PublishedMj / 1000.0) - a.TruthJ) <= tolerance,
                $"{a.Device}/{a.Channel}: metered {a.PublishedMj / 1000.0:F0} J, truth {a.TruthJ:F0} J, tolerance {tolerance:F0} J");
        }
    }
}
