using System.Diagnostics;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Mqtt;
using Metering.Simulation.Fleet;
using Metering.Collector.Storage;
using Metering.Testing;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>Collectors for end-to-end tests: in this process (CollectorHost), or as a real `metering serve` process.</summary>
internal static class Collectors
{
    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "metering-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Options for a collector subscribing to an external broker on 127.0.0.1:<paramref name="brokerPort"/>.</summary>
    public static CollectorSettings External(string dataDirectory, int brokerPort, StorageSettings? storage = null) => new()
    {
        DataDirectory = dataDirectory,
        Broker = new BrokerSettings { Embedded = false },
        Mqtt = new MqttSettings { Host = "127.0.0.1", Port = brokerPort, ClientId = "e2e-collector" },
        Storage = storage ?? new StorageSettings(),
        NodeEnergy = new NodeEnergySettings { LatenessSeconds = 5, RetentionSeconds = 600 },
    };

    public static async Task<CollectorHost> StartAsync(CollectorSettings options)
    {
        var logs = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var host = CollectorHost.Create(options, logs);
        await host.StartAsync();
        await host.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        return host;
    }

    public static FleetSimulator Fleet(int port, int devices = 2, int rails = 1, string prefix = "e2e") => new(new SimulationOptions
    {
        BrokerHost = "127.0.0.1", BrokerPort = port, Devices = devices, Rails = rails, WindowSeconds = 1, Prefix = prefix, Seed = 7,
    });

    /// <summary>Waits until <paramref name="condition"/> holds, or fails after <paramref name="timeout"/>.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitUntilAsync(condition, timeout, () => what);

    /// <summary>As above, with the description (e.g. a process's output) read when the wait fails, not when it starts.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed >= timeout)
            {
                Assert.Fail($"timed out after {timeout} waiting for {what()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds, or fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < timeout, $"timed out after {timeout} waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>Telemetry messages the collector has accepted (not counting duplicates).</summary>
    public static long AcceptedTelemetry(CollectorHost host) => (long)host.Metrics.Messages.WithLabels("telemetry").Value;

    /// <summary>Distinct telemetry messages the recorder saw.</summary>
    public static long RecordedTelemetry(MqttRecorder recorder) =>
        recorder.Messages.Where(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
            .Select(m => TelemetryCodec.Decode(m.Payload, out _)!).Select(t => (t.DeviceId, t.Boot, t.Sequence)).Distinct().LongCount();

    /// <summary>Waits until the collector accepted every telemetry message the recorder saw and the outbox is empty.</summary>
    public static Task DrainedAsync(CollectorHost host, MqttRecorder recorder, TimeSpan timeout) =>
        WaitUntilAsync(() => AcceptedTelemetry(host) >= RecordedTelemetry(recorder) && host.Outbox.PendingBatches == 0,
            timeout, $"the collector to ingest and drain everything (accepted {AcceptedTelemetry(host)} of {RecordedTelemetry(recorder)}, outbox {host.Outbox.PendingBatches} batches)");
}
