using System.Diagnostics;
using Metering.Firmware.Bench;
using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Core.Forwarding;
using Metering.Firmware.Core.Sampling;
using Metering.Protocol;

// Host cost of the firmware core, each figure beside a baseline measured in the same run. The ESP32 interprets IL
// (no JIT), so device costs are far higher; firmware/Metering.Firmware.Core/Sampling/README.md turns these into a
// budget with the INA219's conversion times.
const int Samples = 200_000;
const int Windows = 20_000;
Console.WriteLine($"metering-firmware-bench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}");
Console.WriteLine();

var epochs = new EpochAllocator(1);
ChannelConfig Ina(int id) => new() { ChannelId = id, Kind = SensorKind.Ina219, Address = 0x40 + id, ShuntMicroohms = 1000, MaxCurrentMilliamps = 50_000 };
ChannelConfig Pzem(int id) => new() { ChannelId = id, Kind = SensorKind.Pzem004t, Address = 1 };

var fixedSensor = new FixedSensor();
var sample = new PowerSample();
var bare = new ChannelSampler(Ina(0), fixedSensor, epochs);
var ina = new ChannelSampler(Ina(1), SensorBuilder.Ina219(new FixedIna219Bus(20480), Ina(1), out _)!, epochs);
var pzem = new ChannelSampler(Pzem(2), SensorBuilder.Pzem(new PzemClient(new FixedPzemPort(), 200, 2, 0), Pzem(2)), epochs);

var baseline = Measure(Samples, i => fixedSensor.Read(sample));
Report("sensor read only (baseline)", baseline, baseline, "sample");
Report("sampler: calibrate, integrate, window stats", Measure(Samples, i => bare.Sample(i * 50_000L)), baseline, "sample");
Report("INA219 driver + sampler (4 register reads)", Measure(Samples, i => ina.Sample(i * 50_000L)), baseline, "sample");
Report("PZEM Modbus frame + CRC + sampler", Measure(Samples, i => pzem.Sample(i * 1_000_000L)), baseline, "sample");
foreach (var (name, s) in new[] { ("sampler", bare), ("INA219", ina), ("PZEM", pzem) })
{
    if (s.ErrorsSinceBoot > 1)
    {
        Console.WriteLine($"  !! {name} path failed {s.ErrorsSinceBoot} reads ({s.LastError}): its figure is not a successful sample");
    }
}
Console.WriteLine();

foreach (var channels in new[] { 4, 16 })
{
    var samplers = Enumerable.Range(0, channels).Select(i => new ChannelSampler(Ina(i), fixedSensor, epochs)).ToArray();
    var message = new TelemetryMessage { DeviceId = "rack12-node07-a", Boot = 42, ClockSynced = true, Channels = [.. samplers.Select(_ => new ChannelReading())] };
    var buffer = new byte[ProtocolLimits.MaxPayloadBytes];
    var queue = new TelemetryQueue(32, TelemetryQueue.SlotBytesFor(channels));
    for (var c = 0; c < samplers.Length; c++)
    {
        samplers[c].Sample(0);
        samplers[c].Sample(50_000);
        samplers[c].CloseWindow(50_000, message.Channels[c]);
    }

    var encodeOnly = Measure(Windows, i =>
    {
        message.Sequence = i;
        message.WindowStartMs = i * 10_000L;
        message.WindowEndMs = message.WindowStartMs + 10_000;
        TelemetryCodec.Encode(message, buffer, 0);
    });
    var window = Measure(Windows, i =>
    {
        for (var c = 0; c < samplers.Length; c++)
        {
            samplers[c].Sample(100_000L + (i * 10_000_000L));
            samplers[c].CloseWindow(100_000L + (i * 10_000_000L), message.Channels[c]);
        }

        message.Sequence = i;
        message.WindowStartMs = i * 10_000L;
        message.WindowEndMs = message.WindowStartMs + 10_000;
        queue.Enqueue(message);
        queue.PeekUnsent(out _);
        queue.MarkSent(i + 1);
        queue.Acknowledge(i + 1);
    });
    Report($"{channels} channels: encode telemetry only (baseline)", encodeOnly, encodeOnly, "window");
    Report($"{channels} channels: close window, encode into the queue, send, ack", window, encodeOnly, "window");
    Console.WriteLine($"    payload {TelemetryCodec.Encode(message).Length} bytes; queue slot {TelemetryQueue.SlotBytesFor(channels)} bytes");
}

static (double NanosPerOp, double BytesPerOp) Measure(int n, Action<int> op)
{
    for (var i = 0; i < Math.Min(n, 10_000); i++)
    {
        op(i);
    }

    var runs = new List<(double, double)>();
    for (var r = 0; r < 5; r++)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            op(i);
        }

        watch.Stop();
        runs.Add((watch.Elapsed.TotalNanoseconds / n, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)n));
    }

    return runs.OrderBy(x => x.Item1).ElementAt(2);
}

static void Report(string what, (double NanosPerOp, double BytesPerOp) m, (double NanosPerOp, double BytesPerOp) baseline, string unit) =>
    Console.WriteLine($"  {what,-58} {m.NanosPerOp,9:F0} ns/{unit}  {m.NanosPerOp / baseline.NanosPerOp,6:F1}x baseline  {m.BytesPerOp,7:F1} B allocated/{unit}");
