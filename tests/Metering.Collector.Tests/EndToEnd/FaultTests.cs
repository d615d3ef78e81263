using Metering.Collector.Storage;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// Faults with real servers, each ending with stored energy equal to the virtual meters' truth: the broker restarts
/// mid-stream, the sink is down for over a minute, the outbox reaches its bound. (The collector killed with SIGKILL
/// is in <see cref="CollectorKillTests"/>.)
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FaultTests
{
    [Fact]
    public async Task The_broker_restarting_mid_stream_loses_nothing()
    {
        using var broker = MosquittoServer.Start();
        var data = Collectors.TempDirectory();
        await using var collector = await Collectors.StartAsync(Collectors.External(data, broker.Port));
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry");
        await using var fleet = Collectors.Fleet(broker.Port);
        await fleet.StartAsync();

        await Task.Delay(TimeSpan.FromSeconds(10));
        broker.Restart();
        await recorder.ConnectAsync();
        await Task.Delay(TimeSpan.FromSeconds(15));
        await fleet.StopAsync();
        await Collectors.DrainedAsync(collector, recorder, TimeSpan.FromSeconds(60));

        var audits = await EnergyAudit.RunAsync(recorder, collector.Reader!, fleet);
        EnergyAudit.AssertExactAndTrue(audits, fleet, minReadings: 15);
        Assert.True(collector.Client!.Connects >= 2, "the collector reconnected after the restart");
    }

    [Fact]
    public async Task A_sink_down_for_over_a_minute_fills_the_outbox_which_then_drains_completely()
    {
        using var broker = MosquittoServer.Start();
        using var influx = InfluxDbServer.Start();
        var data = Collectors.TempDirectory();
        var storage = new StorageSettings
        {
            Sink = "influxdb1",
            InfluxV1 = new InfluxV1Settings { Url = influx.Url, Database = "metering", CreateDatabase = true },
            Drain = new DrainerSettings { InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(2) },
        };
        await using var collector = await Collectors.StartAsync(Collectors.External(data, broker.Port, storage));
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry");
        await using var fleet = Collectors.Fleet(broker.Port);
        await fleet.StartAsync();

        await Task.Delay(TimeSpan.FromSeconds(5));
        influx.Stop();
        await Task.Delay(TimeSpan.FromSeconds(62));
        var grown = collector.Outbox.PendingBatches;
        influx.Restart();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await fleet.StopAsync();
        await Collectors.DrainedAsync(collector, recorder, TimeSpan.FromSeconds(120));

        Assert.True(grown >= 30, $"the outbox held the outage's batches (had {grown})");
        Assert.True(collector.Drainer.Metrics.ErrorsByKind.Values.Sum() > 0, "the drainer saw the sink fail");
        var audits = await EnergyAudit.RunAsync(recorder, (IPointReader)collector.Sink, fleet);
        EnergyAudit.AssertExactAndTrue(audits, fleet, minReadings: 60);
    }

    [Fact]
    public async Task An_outbox_at_its_bound_holds_ingest_back_says_so_and_loses_nothing()
    {
        using var broker = MosquittoServer.Start();
        using var influx = InfluxDbServer.Start();
        var data = Collectors.TempDirectory();
        var storage = new StorageSettings
        {
            Sink = "influxdb1",
            InfluxV1 = new InfluxV1Settings { Url = influx.Url, Database = "metering", CreateDatabase = true },
            Outbox = new OutboxSettings { MaxBytes = 64 * 1024 },
            Drain = new DrainerSettings { InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(1) },
        };
        await using var collector = await Collectors.StartAsync(Collectors.External(data, broker.Port, storage));
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry");
        await using var fleet = Collectors.Fleet(broker.Port, devices: 3);
        await fleet.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));

        influx.Stop();
        await Collectors.WaitUntilAsync(() => collector.Outbox.IsFull, TimeSpan.FromSeconds(90), "the outbox to reach its 64 KiB bound");
        var health = collector.Status.Snapshot();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var heldBack = Collectors.RecordedTelemetry(recorder) - Collectors.AcceptedTelemetry(collector);
        await Task.Delay(TimeSpan.FromSeconds(5));
        influx.Restart();
        await fleet.StopAsync();
        await Collectors.DrainedAsync(collector, recorder, TimeSpan.FromSeconds(120));

        Assert.False(health.Healthy);
        Assert.Contains(health.Problems, p => p.Contains("outbox is full", StringComparison.Ordinal));
        Assert.True(heldBack > 0, "messages waited unacknowledged at the broker while the outbox was full");
        Assert.True(collector.Outbox.FullEpisodes >= 1);
        var audits = await EnergyAudit.RunAsync(recorder, (IPointReader)collector.Sink, fleet);
        EnergyAudit.AssertExactAndTrue(audits, fleet, minReadings: 10);
    }
}

/// <summary>End-to-end tests start real servers and fleets: they run one at a time, apart from other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
