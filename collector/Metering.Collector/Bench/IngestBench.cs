using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Firmware.Core;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Virtual;
using Metering.Protocol;
using Metering.Simulation;
using Metering.Simulation.Fleet;

namespace Metering.Collector.Bench;

/// <summary>
/// <c>metering bench ingest</c>: telemetry produced by virtual meters (the real firmware core over virtual sensors on a
/// simulated clock) is published through a real mosquitto twice: once to a bare MQTTnet subscriber (the baseline),
/// once to the collector (decode, validation, intervals, node energy, outbox, SQLite sink). It prints both rates and
/// their ratio. Goals: ratio at least 0.8 and at least 20,000 telemetry messages per second on 2 cores.
/// </summary>
internal static class IngestBench
{
    public static Command Command()
    {
        var devices = new Option<int>("--devices") { Description = "Meters publishing.", DefaultValueFactory = _ => 500 };
        var windows = new Option<int>("--windows") { Description = "Telemetry messages per meter (1 s windows).", DefaultValueFactory = _ => 240 };
        var publishers = new Option<int>("--publishers") { Description = "Publishing MQTT connections.", DefaultValueFactory = _ => 4 };
        var inFlight = new Option<int>("--in-flight") { Description = "Unacknowledged QoS 1 publishes per connection.", DefaultValueFactory = _ => 200 };
        var broker = new Option<string?>("--broker") { Description = "An existing mosquitto HOST:PORT (default: start a private one)." };
        var command = new Command("ingest", """
            Measures the collector's sustained ingest rate through a real mosquitto beside a bare MQTTnet subscriber on the
            same stream, and prints both rates and the ratio (goal: >= 0.8 and >= 20,000 messages/s on 2 cores).
            Example: metering bench ingest --devices 500 --windows 240
            """)
        {
            devices, windows, publishers, inFlight, broker,
        };
        command.SetAction(async (p, cancel) =>
        {
            // Sizes the run cannot use are said and exit 2, as the other benches do (they used to end in a stack trace).
            var problems = new List<string>();
            if (p.GetValue(devices) < 1 || p.GetValue(windows) < 1 || p.GetValue(inFlight) < 1) problems.Add("--devices, --windows and --in-flight must be at least 1");
            if (p.GetValue(publishers) < 1 || p.GetValue(publishers) > Math.Max(1, p.GetValue(devices))) problems.Add($"--publishers must be 1..--devices ({p.GetValue(devices)}): each connection publishes for meters of its own");
            if (problems.Count > 0)
            {
                problems.ForEach(Console.Error.WriteLine);
                return 2;
            }

            using var own = p.GetValue(broker) is null ? new MosquittoLauncher() : null;
            var (host, port) = own is null ? SimulationOptions.ParseBroker(p.GetValue(broker)!) : ("127.0.0.1", own.Port);
            var stream = Generate(p.GetValue(devices), p.GetValue(windows), "bench");
            var warmUp = Generate(Math.Max(1, p.GetValue(devices) / 5), Math.Max(10, p.GetValue(windows) / 4), "warmup");
            var settings = new PublishOptions(host, port, p.GetValue(publishers), p.GetValue(inFlight));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stream.Sum(s => s.Count):N0} telemetry messages from {stream.Length} virtual meters, {stream.Sum(s => s.Sum(m => m.Payload.Length)) / (double)stream.Sum(s => s.Count):F0} B each; mosquitto on {host}:{port}"));
            var baseline = await BaselineAsync(warmUp, stream, settings, cancel);
            var collector = await CollectorAsync(warmUp, stream, settings, cancel);
            Report(baseline, collector);
            return 0;
        });
        return command;
    }

    private static long _publishFailures;

    private sealed record PublishOptions(string Host, int Port, int Connections, int InFlight);

    private sealed record Run(long Messages, TimeSpan Elapsed, TimeSpan? EndToEnd = null, long Duplicates = 0, long Rejected = 0)
    {
        public double Rate => Messages / Elapsed.TotalSeconds;
    }

    /// <summary>Per meter, its telemetry in order: a few templates from the real firmware core, the rest re-addressed copies.</summary>
    private static List<(string Topic, byte[] Payload)>[] Generate(int devices, int windows, string prefix)
    {
        var templates = Enumerable.Range(0, Math.Min(devices, 8)).Select(i => Record(i, windows)).ToArray();
        var streams = new List<(string, byte[])>[devices];
        Parallel.For(0, devices, d =>
        {
            var id = $"{prefix}-{d:D5}-a";
            streams[d] = [.. templates[d % templates.Length].Select(t =>
            {
                var m = TelemetryCodec.Decode(t, out _)!;
                m.DeviceId = id;
                return (Topics.For(id, MessageKind.Telemetry), TelemetryCodec.Encode(m));
            })];
        });
        return streams;
    }

    private static List<byte[]> Record(int seed, int windows)
    {
        var clock = new SimulatedClock();
        clock.Sync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (windows * 1000L));
        // Node `seed` of `metering sim`'s fleet (the one simulated world): both feeds and two GPU rails, 1 s windows.
        var (spec, work) = FleetNodes.Node(1, seed);
        var loads = new World([spec], work, originUtcMilliseconds: 0).MeterLoads(0, rails: 2, clockStartUtcMilliseconds: 0);
        var link = new RecordingLink();
        var meter = new MeterRuntime(new MeterOptions { DeviceId = $"template-{seed}", Password = "-" }, clock, new InMemoryStorage(), link,
            new ProfileSensorFactory(clock, loads), new HostPlatform());
        meter.Start();
        meter.ApplyConfig(ConfigCodec.Encode(FleetNodes.Config(spec, seed, $"template-{seed}", rails: 2, windowSeconds: 1)));
        while (link.Telemetry.Count < windows)
        {
            meter.Tick();
            clock.Advance(10_000);
        }

        return link.Telemetry.Take(windows).ToList();
    }

    private static async Task PublishAsync(List<(string Topic, byte[] Payload)>[] streams, PublishOptions s, CancellationToken cancel)
    {
        await Parallel.ForAsync(0, s.Connections, cancel, async (c, ct) =>
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(s.Host, s.Port).WithClientId($"bench-publisher-{c}").WithProtocolVersion(MqttProtocolVersion.V500).Build(), ct);
            var mine = streams.Where((_, d) => d % s.Connections == c).ToArray();
            using var window = new SemaphoreSlim(s.InFlight);
            var pending = new List<Task>();
            for (var w = 0; w < mine.Max(m => m.Count); w++)
            {
                foreach (var device in mine)
                {
                    if (w >= device.Count)
                    {
                        continue;
                    }

                    await window.WaitAsync(ct);
                    var message = new MqttApplicationMessageBuilder().WithTopic(device[w].Topic).WithPayload(device[w].Payload)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                    pending.Add(client.PublishAsync(message, ct).ContinueWith(t =>
                    {
                        if (t.IsFaulted || !t.Result.IsSuccess)
                        {
                            Interlocked.Increment(ref _publishFailures);
                        }

                        window.Release();
                    }, TaskScheduler.Default));
                }
            }

            await Task.WhenAll(pending);
            await client.DisconnectAsync(cancellationToken: ct);
        });
    }

    private static async Task<Run> BaselineAsync(List<(string Topic, byte[] Payload)>[] warmUp, List<(string Topic, byte[] Payload)>[] streams, PublishOptions s, CancellationToken cancel)
    {
        long expected = streams.Sum(x => x.Count) + warmUp.Sum(x => x.Count);
        long received = 0;
        var done = new TaskCompletionSource();
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += _ =>
        {
            if (Interlocked.Increment(ref received) == expected)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        string? dropped = null;
        subscriber.DisconnectedAsync += e =>
        {
            dropped = $"{e.Reason} {e.ReasonString} {e.Exception?.GetType().Name}: {e.Exception?.Message}";
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(s.Host, s.Port).WithClientId("bench-baseline").WithProtocolVersion(MqttProtocolVersion.V311).Build(), cancel);
        await subscriber.SubscribeAsync(Topics.AllTelemetry, MqttQualityOfServiceLevel.AtLeastOnce, cancel);
        await PublishAsync(warmUp, s, cancel);
        var warmed = warmUp.Sum(x => x.Count);
        while (Interlocked.Read(ref received) < warmed)
        {
            await Task.Delay(10, cancel);
        }

        var watch = Stopwatch.StartNew();
        await PublishAsync(streams, s, cancel);
        try
        {
            await done.Task.WaitAsync(TimeSpan.FromMinutes(3), cancel);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the baseline subscriber received {Interlocked.Read(ref received):N0} of {expected:N0} messages in 3 minutes; {Volatile.Read(ref _publishFailures)} publishes failed; subscriber {(dropped is null ? "still connected" : "disconnected: " + dropped)}");
        }

        var run = new Run(expected - warmed, watch.Elapsed);
        await subscriber.DisconnectAsync(cancellationToken: cancel);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline (bare MQTTnet subscriber, QoS 1): {run.Rate,9:N0} messages/s"));
        return run;
    }

    private static async Task<Run> CollectorAsync(List<(string Topic, byte[] Payload)>[] warmUp, List<(string Topic, byte[] Payload)>[] streams, PublishOptions s, CancellationToken cancel)
    {
        long warmed = warmUp.Sum(x => x.Count);
        long expected = streams.Sum(x => x.Count);
        var data = Path.Combine(Path.GetTempPath(), "metering-bench-" + Guid.NewGuid().ToString("N")[..8]);
        // Through the one settings path, from the bench's own keys only (never a user's appsettings.json).
        var (options, errors) = CollectorConfiguration.Load(new ConfigurationSources
        {
            DataDirectory = data,
            ReadFileAndEnvironment = false,
            Defaults = new Dictionary<string, string?>
            {
                ["Broker:Embedded"] = "false",
                ["Mqtt:Host"] = s.Host,
                ["Mqtt:Port"] = s.Port.ToString(CultureInfo.InvariantCulture),
                ["Mqtt:ClientId"] = "bench-collector",
                ["Mqtt:Topics:0"] = Topics.AllTelemetry,
            },
        });
        if (options is null)
        {
            throw new InvalidOperationException("the bench's settings are invalid: " + string.Join("; ", errors));
        }

        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        try
        {
            await using var collector = CollectorHost.Create(options, logs);
            await collector.StartAsync();
            await collector.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(10));
            await PublishAsync(warmUp, s, cancel);
            while (collector.Pipeline.Acknowledged < warmed || collector.Outbox.PendingBatches > 0)
            {
                await Task.Delay(10, cancel);
            }

            var watch = Stopwatch.StartNew();
            await PublishAsync(streams, s, cancel);
            while (collector.Pipeline.Acknowledged < warmed + expected)
            {
                await Task.Delay(10, cancel);
            }

            var ingested = watch.Elapsed;
            while (collector.Outbox.PendingBatches > 0)
            {
                await Task.Delay(10, cancel);
            }

            Console.WriteLine("    pipeline: " + collector.Pipeline.Stats);
            var run = new Run(expected, ingested, watch.Elapsed, (long)collector.Metrics.Duplicates.Value, (long)collector.Metrics.Rejected.WithLabels("malformed_json").Value);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  collector (decode, validate, intervals, node energy, outbox): {run.Rate,9:N0} messages/s; through to the SQLite sink: {expected / watch.Elapsed.TotalSeconds,9:N0} messages/s; duplicates {run.Duplicates}"));
            return run;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static void Report(Run baseline, Run collector)
    {
        var ratio = collector.Rate / baseline.Rate;
        var endToEnd = collector.Messages / collector.EndToEnd!.Value.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio collector/baseline: {ratio:F2} (goal >= 0.80: {(ratio >= 0.8 ? "met" : "NOT met")}); end-to-end ratio {endToEnd / baseline.Rate:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  collector rate {collector.Rate:N0} messages/s (goal >= 20,000: {(collector.Rate >= 20_000 ? "met" : "NOT met")}) on {Environment.ProcessorCount} cores"));
    }
}
