using Metering.Collector.Attribution;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Simulation.Fleet;
using Metering.Collector.Tests.Attribution;
using Metering.Testing;
using Microsoft.Extensions.Logging;
using static Metering.Collector.Tests.Attribution.AttributionAudit;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// The collector attributing a virtual fleet's metered energy to jobs end to end: embedded broker, real firmware
/// core in the meters, SQLite store, jobs added to the job store while telemetry flows, one job's end learned late.
/// The fleet runs five times faster than real time and the collector keeps the fleet's time.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AttributionEndToEndTests
{
    private const long W = 10_000;
    private const string Prefix = "attr";

    [Fact]
    public async Task Two_jobs_sharing_a_node_get_its_metered_energy_exactly_with_summaries_rollups_and_retractions_after_a_late_end()
    {
        var data = Collectors.TempDirectory();
        WriteInventory(data);
        var time = new FleetTime();
        var options = new CollectorSettings
        {
            DataDirectory = data,
            Broker = new BrokerSettings { Port = 0 },
            NodeEnergy = new NodeEnergySettings { LatenessSeconds = 5, RetentionSeconds = 600 },
            Facility = new FacilitySettings { Pue = 1.4 },
            Carbon = new CarbonSettings { Zones = { ["lab"] = new ZoneCarbon { GramsPerKwh = 300 } } },
        };
        await using var host = CollectorHost.Create(options, LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)), time);
        await host.StartAsync();
        await host.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        using var recorder = await MqttRecorder.StartAsync(host.MqttPort, "metering/v1/+/telemetry");
        await using var fleet = new FleetSimulator(new SimulationOptions { BrokerPort = host.MqttPort, Devices = 2, Rails = 0, WindowSeconds = 1, Prefix = Prefix, Seed = 7, Speed = 5 });
        time.Follow(fleet.Clock);

        // train holds three GPUs of node-1 and all of node-2; infer the fourth GPU of node-1, with power estimates.
        var t0 = fleet.Clock.UtcMilliseconds;
        host.Jobs.Start(new Job
        {
            Id = "train", Source = JobSource.Api, Project = "vision", User = "ann", Model = "vit-h", StartMs = t0 + 5_000,
            Allocations = [new JobAllocation("node-1", [0, 1, 2], 24), new JobAllocation("node-2", [0, 1, 2, 3], 32)],
        });
        host.Jobs.Start(new Job { Id = "infer", Source = JobSource.Api, Project = "search", User = "bob", StartMs = t0 + 12_000, Allocations = [new JobAllocation("node-1", [3], 8)] });
        for (var k = 0; k < 12; k++)
        {
            host.Jobs.AddEstimate(new PowerEstimate("infer", "node-1", t0 + 12_000 + (k * W), t0 + 12_000 + ((k + 1) * W), 120 + (5 * k)));
        }

        await fleet.StartAsync();

        // train really ended at t0 + 35 s; the collector learns it once it has attributed later buckets to it.
        var trainEnd = t0 + 35_000;
        var firstAfterEnd = (trainEnd / W * W) + W;
        await WaitForAsync(async () => (await Stored(host, AttributionPoints.JobEnergy, "train")).Any(p => p.Tag("node") == "node-1" && p.TimestampMs >= firstAfterEnd + W), "train's records after its real end");
        host.Jobs.End(new JobEnd("train", trainEnd, JobState.Completed, false));
        await Collectors.WaitUntilAsync(() => fleet.Clock.SimulatedSeconds >= 90, TimeSpan.FromSeconds(120), "90 simulated seconds");
        host.Jobs.End(new JobEnd("infer", fleet.Clock.UtcMilliseconds, JobState.Completed, false));
        await fleet.StopAsync();

        // Every bucket up to each node's last reading is attributed and stored, and both summaries say the jobs ended.
        var lastBucket = LastBuckets(recorder);
        await WaitForAsync(async () =>
        {
            var summaries = await Stored(host, AttributionPoints.JobSummaryMeasurement, null);
            var attributed = await Stored(host, AttributionPoints.NodeAttribution, null);
            return summaries.Count(p => p.Field("state") as string == "completed") == 2
                && lastBucket.All(n => attributed.Any(p => p.Tag("node") == n.Key && p.TimestampMs == n.Value))
                && host.Outbox.PendingBatches == 0 && host.Attribution.PendingEvents == 0;
        }, "every bucket attributed and both jobs summarized as completed");

        var stored = new AttributionAudit.Stored(
            await Stored(host, NodePoints.NodeEnergy, null), await Stored(host, AttributionPoints.JobEnergy, null), await Stored(host, AttributionPoints.NodeAttribution, null),
            await Stored(host, AttributionPoints.JobSummaryMeasurement, null), await Stored(host, AttributionPoints.EnergyRollup, null));
        Assert.True(AssertConsistent(stored) >= 16, "at least 8 buckets per node");

        // The shared node's buckets while both ran hold both jobs; infer is weighed by its estimates.
        Assert.Contains(stored.NodeAttribution, p => p.Tag("node") == "node-1" && Long(p, "jobs") == 2);
        Assert.Contains(stored.JobEnergy, p => p.Tag("job") == "infer" && p.Field("method") as string == "estimate" && Long(p, "it_mj") > 0);

        // The late end retracted train's records after it on both nodes: written first, then zero.
        foreach (var node in new[] { "node-1", "node-2" })
        {
            var after = stored.JobEnergy.Where(p => p.Tag("job") == "train" && p.Tag("node") == node && p.TimestampMs >= firstAfterEnd).ToList();
            Assert.NotEmpty(after);
            Assert.All(after, p => Assert.Equal((0L, 0L), (Long(p, "it_mj"), Long(p, "overlap_ms"))));
        }

        var train = stored.Summaries.Single(p => p.Tag("job") == "train");
        Assert.Equal((trainEnd, "vision", "node-1,node-2"), (Long(train, "end_ms"), train.Field("project"), train.Field("nodes")));
        Assert.True(Long(train, "it_mj") > 0);

        // Facility energy and CO2e from the configuration: the fallback PUE, the site's constant intensity.
        Assert.All(stored.NodeAttribution, p => Assert.Equal((1.4, 300.0), (Double(p, "pue"), Double(p, "g_per_kwh"))));
        Assert.Equal(Math.Round(Long(train, "it_mj") * 1.4), Long(train, "facility_mj"), 0.5 * stored.JobEnergy.Count(p => p.Tag("job") == "train"));
    }

    [Fact]
    public async Task After_a_restart_the_saved_attribution_state_lets_a_late_end_retract_buckets_attributed_before_it()
    {
        using var broker = MosquittoServer.Start();
        var data = Collectors.TempDirectory();
        WriteInventory(data);
        var time = new FleetTime();
        var options = Collectors.External(data, broker.Port);
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry");
        await using var fleet = new FleetSimulator(new SimulationOptions { BrokerPort = broker.Port, Devices = 2, Rails = 0, WindowSeconds = 1, Prefix = Prefix, Seed = 11, Speed = 5 });
        time.Follow(fleet.Clock);
        var t0 = fleet.Clock.UtcMilliseconds;
        var train = new Job
        {
            Id = "train", Source = JobSource.Api, Project = "vision", StartMs = t0 + 5_000,
            Allocations = [new JobAllocation("node-1", [0, 1, 2, 3], 32), new JobAllocation("node-2", [0, 1], 16)],
        };
        var trainEnd = t0 + 25_000;
        var firstAfterEnd = (trainEnd / W * W) + W;

        var first = await StartAsync(options, time);
        first.Jobs.Start(train);
        await fleet.StartAsync();
        await WaitForAsync(async () => (await Stored(first, AttributionPoints.JobEnergy, "train")).Count(p => p.TimestampMs >= firstAfterEnd) >= 4, "train's records after its real end");
        var attributedBefore = (await Stored(first, AttributionPoints.JobEnergy, "train")).Where(p => p.TimestampMs >= firstAfterEnd).Select(p => (p.Tag("node"), p.TimestampMs)).ToList();
        await first.DisposeAsync();

        // The job store is the job source's to persist: the restarted collector is told the job again, then its late end.
        await using var second = await StartAsync(options, time, train);
        second.Jobs.End(new JobEnd("train", trainEnd, JobState.Completed, false));
        await Collectors.WaitUntilAsync(() => fleet.Clock.SimulatedSeconds >= 80, TimeSpan.FromSeconds(120), "80 simulated seconds");
        await fleet.StopAsync();
        var lastBucket = LastBuckets(recorder);
        await WaitForAsync(async () =>
        {
            var attributed = await Stored(second, AttributionPoints.NodeAttribution, null);
            return lastBucket.All(n => attributed.Any(p => p.Tag("node") == n.Key && p.TimestampMs == n.Value))
                && second.Outbox.PendingBatches == 0 && second.Attribution.PendingEvents == 0;
        }, "every bucket attributed after the restart");

        var stored = new AttributionAudit.Stored(
            await Stored(second, NodePoints.NodeEnergy, null), await Stored(second, AttributionPoints.JobEnergy, null), await Stored(second, AttributionPoints.NodeAttribution, null),
            await Stored(second, AttributionPoints.JobSummaryMeasurement, null), await Stored(second, AttributionPoints.EnergyRollup, null));
        AssertConsistent(stored);
        var records = stored.JobEnergy.ToDictionary(p => (p.Tag("node"), p.TimestampMs));
        Assert.NotEmpty(attributedBefore);
        Assert.All(attributedBefore, key => Assert.Equal((0L, 0L), (Long(records[key], "it_mj"), Long(records[key], "overlap_ms"))));
        Assert.Equal(trainEnd, Long(stored.Summaries.Single(), "end_ms"));
    }

    private static async Task<CollectorHost> StartAsync(CollectorSettings options, TimeProvider time, params Job[] jobs)
    {
        var host = CollectorHost.Create(options, LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)), time);
        foreach (var job in jobs)
        {
            host.Jobs.Start(job);
        }

        await host.StartAsync();
        await host.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        return host;
    }

    /// <summary>Per node, the start of the bucket holding its meter's last published reading.</summary>
    private static Dictionary<string, long> LastBuckets(MqttRecorder recorder) =>
        recorder.Messages.Select(m => TelemetryCodec.Decode(m.Payload, out _)!).GroupBy(t => t.DeviceId)
            .ToDictionary(g => "node-" + g.Key[^3], g => (g.Max(t => t.WindowEndMs) - 1) / W * W);

    private static async Task<IReadOnlyList<Point>> Stored(CollectorHost host, string measurement, string? job) =>
        await host.Reader!.QueryAsync(measurement, job is null ? new Dictionary<string, string>() : new() { ["job"] = job }, 0, long.MaxValue, CancellationToken.None);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(250);
        }
    }

    /// <summary>Two nodes of four GPUs, each metered by one virtual meter's two PZEM feeds; node-1 has a configured idle baseline.</summary>
    private static void WriteInventory(string data)
    {
        var since = DateTimeOffset.Parse("2020-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Feed[] feeds = [new("psu1", FeedRole.Wall), new("psu2", FeedRole.Wall)];
        var inventory = Inventory.Create(
            [new Site("lab")],
            [new Node("node-1", "lab", 4, 32, "room-a", feeds, idleWatts: 200), new Node("node-2", "lab", 4, 32, "room-a", feeds)],
            [.. Enumerable.Range(1, 2).SelectMany(n => new[]
            {
                new ChannelMapping($"{Prefix}-000{n}-a", 0, $"node-{n}", "psu1", since),
                new ChannelMapping($"{Prefix}-000{n}-a", 1, $"node-{n}", "psu2", since),
            })]);
        InventoryFile.Save(inventory, Path.Combine(data, "inventory.json"));
    }

    /// <summary>The collector's clock: the host's until a fleet is followed, then the fleet's (sped-up) time.</summary>
    private sealed class FleetTime : TimeProvider
    {
        private FleetClock? _clock;

        public void Follow(FleetClock clock) => _clock = clock;

        public override DateTimeOffset GetUtcNow() => _clock is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c.UtcMilliseconds) : base.GetUtcNow();
    }
}
