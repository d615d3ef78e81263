using System.Reflection;
using Metering.Collector.Bench;
using Metering.Collector.Mqtt;
using Metering.Collector.Tests.Simulation;
using Metering.Testing;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// Issue 12, item 4: a flood of 5 MB payloads took the collector to 3.98 GB of RSS. Packets are now refused above the
/// contract's largest (4,415 bytes), so the worst a flood can send is that packet as fast as it can: the collector's
/// memory must stay under <see cref="CeilingBytes"/> while it does (flow control holds the publishers, dead letters are
/// bounded in bytes). Prints the peak against the ceiling.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FloodMemoryTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// The stated ceiling: an idle <c>metering serve</c> resides in about 130 MB; what a flood may add is bounded by
    /// the collector's high-water mark (16 MiB of payload awaiting its acknowledgement), one held packet per
    /// connection, and the dead-letter store's byte cap. 400 MB leaves room for the runtime's heaps on a busy machine
    /// and is a tenth of what the unbounded flood reached.
    /// </summary>
    public const long CeilingBytes = 400L * 1024 * 1024;

    private const int Publishers = 32;
    private const int InFlight = 16;
    private static readonly TimeSpan FloodFor = TimeSpan.FromSeconds(20);
    private static readonly string Dll = typeof(FloodMemoryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MeteringDll").Value!;
    private readonly string _dir = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_flood_of_the_largest_packets_keeps_the_collector_under_its_memory_ceiling()
    {
        using var serve = await ServeProcess.StartAsync(Dll, _dir, FreePort.Next(), FreePort.Next(), [], CancellationToken.None);
        var before = serve.Sample();
        using var stop = new CancellationTokenSource(FloodFor);
        var peak = 0L;
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, serve.Sample().RssBytes);
                await Task.Delay(100, CancellationToken.None);
            }
        });

        var sent = await Task.WhenAll(Enumerable.Range(1, Publishers).Select(i => FloodAsync(serve.BrokerPort, $"flood-{i:D2}", stop.Token)));
        await sampling;
        var (status, _) = await serve.HealthAsync(CancellationToken.None);
        var after = serve.Sample();
        var metrics = await serve.MetricsAsync(CancellationToken.None);
        peak = Math.Max(peak, after.PeakRssBytes);

        var bytes = sent.Sum() * (long)MaximalPayload.Length;
        output.WriteLine($"flood: {Publishers} publishers x {InFlight} in flight for {FloodFor.TotalSeconds:F0} s: {sent.Sum():N0} packets of {MqttPacketLimits.DefaultMaxPacketBytes:N0} bytes "
            + $"({MaximalPayload.Length:N0}-byte payloads) acknowledged, {bytes / 1048576.0:F0} MB of payload; "
            + $"{metrics.Sum("metering_broker_held_publishes_total"):N0} publishes held by flow control; dead letters {metrics.Sum("metering_dead_letters"):N0}");
        output.WriteLine($"collector RSS: {before.RssBytes / 1048576.0:F0} MB idle, peak {peak / 1048576.0:F0} MB (VmHWM), ceiling {CeilingBytes / 1048576.0:F0} MB; /health {status}");
        // The flood must have outrun the collector (flow control held it) and sent more than the high-water mark holds.
        Assert.True(metrics.Sum("metering_broker_held_publishes_total") > 0 && bytes > new EmbeddedBrokerOptions().CollectorHighWaterBytes,
            $"the flood sent only {bytes:N0} bytes and was never held: it did not test anything");
        Assert.True(peak < CeilingBytes, $"peak RSS {peak / 1048576.0:F0} MB is over the ceiling of {CeilingBytes / 1048576.0:F0} MB\n{serve.Tail}");
        Assert.Equal(0, metrics.Sum("metering_broker_dropped_total"));
    }

    /// <summary>A payload that fills a QoS 1 MQTT 5 PUBLISH of a flood-NN device to the broker's limit exactly (not JSON: it is dead-lettered).</summary>
    private static readonly byte[] MaximalPayload = new byte[MqttPacketLimits.DefaultMaxPacketBytes
        - 3 /* fixed header, 2-byte length */ - (2 + "metering/v1/flood-01/telemetry".Length) - 2 /* packet id */ - 1 /* no properties */];

    /// <summary>Publishes the maximal packet as <paramref name="device"/>, <see cref="InFlight"/> at a time, until <paramref name="stop"/>; returns how many were acknowledged.</summary>
    private static async Task<long> FloodAsync(int port, string device, CancellationToken stop)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(device).WithTimeout(TimeSpan.FromSeconds(60)).Build(), CancellationToken.None);
        var message = new MqttApplicationMessageBuilder().WithTopic($"metering/v1/{device}/telemetry").WithPayload(MaximalPayload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var acknowledged = 0L;
        var inFlight = new List<Task<MqttClientPublishResult>>(InFlight);
        while (!stop.IsCancellationRequested)
        {
            inFlight.Add(client.PublishAsync(message, CancellationToken.None));
            if (inFlight.Count == InFlight)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                acknowledged += (await done).IsSuccess ? 1 : 0;
            }
        }

        foreach (var result in await Task.WhenAll(inFlight))
        {
            acknowledged += result.IsSuccess ? 1 : 0;
        }

        await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
        return acknowledged;
    }
}
