using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Metering.Collector.Ingest;
using Metering.Collector.Intervals;
using Metering.Collector.Points;
using Metering.Protocol;

namespace Metering.Collector.Benchmarks;

/// <summary>
/// Per telemetry message (three channels), each stage of the collector's hot path added to the one before, against a
/// baseline in the same run: System.Text.Json's reader walking the same bytes without building anything. Every
/// iteration starts from fresh state and feeds <see cref="Messages"/> consecutive messages of one device, so each
/// operation is one real, accepted message (no duplicates); allocations are per message.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const int Messages = 20_000;
    private const long ReceivedBase = 1764403210250;
    private byte[][] _stream = [];
    private TelemetryIngestor _ingestor = null!;
    private IntervalEngine _intervals = null!;
    private readonly LineProtocolBuffer _buffer = new(1 << 20);

    /// <summary>Encodes the stream once.</summary>
    [GlobalSetup]
    public void Setup() => _stream = TelemetryStream.Create(Messages);

    /// <summary>Fresh per-device and per-channel state, so every message is new.</summary>
    [IterationSetup]
    public void Reset()
    {
        _ingestor = new TelemetryIngestor(new TimePlacement { MaxBacklogMs = long.MaxValue / 4 });
        _intervals = new IntervalEngine();
        _buffer.Clear();
    }

    /// <summary>Baseline: tokenize the JSON with Utf8JsonReader, nothing built.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public int JsonReaderOnly()
    {
        var tokens = 0;
        foreach (var payload in _stream)
        {
            var reader = new Utf8JsonReader(payload);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    /// <summary>The contract decoder with full validation (the portable one the firmware tests against).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int Decode()
    {
        var channels = 0;
        foreach (var payload in _stream)
        {
            var m = (TelemetryMessage)MessageDecoder.Decode(TelemetryStream.Topic, payload, out _).Message;
            channels += m.Channels.Length;
        }

        return channels;
    }

    /// <summary>Decode + the collector's validation: topic/payload id, duplicates, epochs, time placement.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int Ingest()
    {
        var readings = 0;
        for (var i = 0; i < _stream.Length; i++)
        {
            readings += _ingestor.Ingest(TelemetryStream.Topic, _stream[i], ReceivedBase + (i * 10_000L)).Readings.Count;
        }

        return readings;
    }

    /// <summary>+ per-channel intervals.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long IngestAndIntervals()
    {
        long energy = 0;
        for (var i = 0; i < _stream.Length; i++)
        {
            foreach (var r in _ingestor.Ingest(TelemetryStream.Topic, _stream[i], ReceivedBase + (i * 10_000L)).Readings)
            {
                energy += _intervals.Process(r).Interval?.EnergyMillijoules ?? 0;
            }
        }

        return energy;
    }

    /// <summary>+ the points (readings and intervals) written as line protocol, as the outbox stores them.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int IngestIntervalsAndLineProtocol()
    {
        for (var i = 0; i < _stream.Length; i++)
        {
            foreach (var r in _ingestor.Ingest(TelemetryStream.Topic, _stream[i], ReceivedBase + (i * 10_000L)).Readings)
            {
                _buffer.Append(IngestPoints.Reading(r));
                if (_intervals.Process(r).Interval is { } interval)
                {
                    _buffer.Append(IntervalPoints.Interval(interval, interval.EndMs));
                }
            }

            if (_buffer.Bytes > 512 * 1024)
            {
                _buffer.Clear();
            }
        }

        return _buffer.Points;
    }
}
