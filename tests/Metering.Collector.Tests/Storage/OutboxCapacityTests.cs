using System.Diagnostics;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.Storage;

/// <summary>
/// The capacity arithmetic of the Storage README, measured: bytes per point of representative telemetry points as our
/// writer writes them, and the outbox file's size for the line protocol it holds.
/// </summary>
public sealed class OutboxCapacityTests(ITestOutputHelper output)
{
    private const int Devices = 1000;
    private const double MessagesPerDevicePerSecond = 0.1; // one telemetry message per 10 s

    /// <summary>The points one telemetry message of a 4-channel device becomes: 4 readings, 4 intervals, a node interval and a job share.</summary>
    internal static List<Point> Message(int device, int sequence)
    {
        var t = 1_767_225_600_000L + (sequence * 10_000L);
        var node = $"gpu-node-{device / 2:D4}";
        var points = new List<Point>();
        for (var ch = 0; ch < 4; ch++)
        {
            Tag[] tags = [new("site", "dc1-hall2"), new("device", $"esp32-{device:x6}"), new("channel", $"{ch}"), new("node", node), new("feed", $"psu{(ch % 2) + 1}")];
            points.Add(new Point("channel_reading", [.. tags, new("kind", ch < 2 ? "pzem004t" : "ina219"), new("time_source", "device")],
            [
                new("boot", 17L), new("epoch", 3L), new("sequence", 123_456L + sequence), new("energy_mj", 98_765_432_109L + ch),
                new("start_ms", t - 10_000), new("end_ms", t), new("received_ms", t + 37), new("samples", 100L), new("errors", 0L),
                new("power_mean_mw", 412_345L), new("power_min_mw", 398_001L), new("power_max_mw", 431_999L),
                new("voltage_mean_mv", 230_120L), new("current_mean_ma", 1_791L),
            ], t));
            points.Add(new Point("channel_interval", tags,
                [new("energy_mj", 4_123_450L), new("duration_ms", 10_000L), new("power_mean_mw", 412_345.123456789), new("coverage", 1.0)], t));
        }

        points.Add(new Point("node_interval", [new("site", "dc1-hall2"), new("node", node)],
        [
            new("energy_mj", 16_493_800L), new("idle_mj", 9_500_000L), new("dynamic_mj", 6_993_800L), new("unallocated_mj", 0L),
            new("pue", 1.35), new("facility_mj", 22_266_630L), new("co2e_mg", 1_234_567L), new("jobs", 1L), new("coverage", 1.0),
        ], t));
        points.Add(new Point("job_energy", [new("site", "dc1-hall2"), new("node", node), new("job", "slurm-4815162"), new("project", "llm-pretrain"), new("user", "alice")],
            [new("energy_mj", 16_493_800L), new("idle_mj", 9_500_000L), new("dynamic_mj", 6_993_800L), new("co2e_mg", 1_234_567L), new("weight", 1.0), new("method", "allocation")], t));
        return points;
    }

    [Fact]
    public void The_default_bound_holds_over_an_hour_of_a_1000_device_site()
    {
        var buffer = new LineProtocolBuffer();
        buffer.AppendRange(Message(device: 4242, sequence: 7));
        double bytesPerMessage = buffer.Bytes;
        var bytesPerPoint = bytesPerMessage / buffer.Points;
        var bytesPerSecond = Devices * MessagesPerDevicePerSecond * bytesPerMessage;
        var hours = OutboxSettings.DefaultMaxBytes / bytesPerSecond / 3600;

        output.WriteLine($"{buffer.Points} points, {bytesPerMessage} bytes per message, {bytesPerPoint:F1} bytes/point");
        output.WriteLine($"{bytesPerSecond / 1024:F1} KiB/s for {Devices} devices, {bytesPerSecond * 3600 / (1 << 20):F0} MiB/h; 2 GiB lasts {hours:F2} h");
        Assert.Equal(10, buffer.Points);
        Assert.True(bytesPerPoint <= 300, $"the README budgets at most 300 bytes/point; measured {bytesPerPoint:F1}");
        Assert.True(hours >= 1.0, $"the default bound lasts {hours:F2} h");
    }

    [Theory]
    [InlineData(1, 1.6)] // a 2.7 KB row per 4 KiB page: one row per page
    [InlineData(10, 1.1)] // 27 KB rows in overflow pages: little waste
    public async Task The_outbox_file_is_the_line_protocol_it_holds_plus_page_overhead_and_a_bounded_wal(int messagesPerBatch, double maxRatio)
    {
        using var dir = new TempFolder();
        var path = dir.File("outbox.db");
        long payload, wal;
        using (var outbox = new SqliteOutbox(new OutboxSettings { Path = path }))
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 2000; i += messagesPerBatch)
            {
                await outbox.AppendAsync(Enumerable.Range(i, messagesPerBatch).SelectMany(m => Message(m % Devices, m / Devices)).ToList(), CancellationToken.None);
            }

            output.WriteLine($"{outbox.PendingBatches / clock.Elapsed.TotalSeconds:F0} appends/s of {messagesPerBatch} message(s) with synchronous=FULL (one fsync each) on this machine");
            payload = outbox.PendingBytes;
            wal = new FileInfo(path + "-wal").Length;
        }

        // Closing checkpoints the WAL into the database file and removes it: what is left is the table itself.
        var db = new FileInfo(path).Length;
        output.WriteLine($"2000 messages in batches of {messagesPerBatch}: {payload} bytes of line protocol; database file {db} bytes (x{(double)db / payload:F3}); WAL while open {wal} bytes");
        Assert.True(db < payload * maxRatio, $"database file x{(double)db / payload:F3} the line protocol it holds");
        Assert.True(wal < 16L << 20, $"WAL {wal} bytes; SQLite checkpoints it every 1000 pages (4 MiB)");
    }

    [Fact]
    public void Writer_throughput_is_reported_and_a_reused_buffer_holds_only_the_latest_batch()
    {
        var message = Message(1, 1);
        var once = string.Concat(message.Select(p => LineProtocol.ToLine(p) + "\n"));
        var buffer = new LineProtocolBuffer(1 << 20);
        var clock = Stopwatch.StartNew();
        var points = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(0.5) || points < 10_000)
        {
            buffer.Clear();
            for (var i = 0; i < 100; i++)
            {
                buffer.AppendRange(message);
            }

            points += buffer.Points;
        }

        var ours = points / clock.Elapsed.TotalSeconds;
        clock.Restart();
        var theirs = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(0.5) || theirs < 10_000)
        {
            foreach (var p in message)
            {
                _ = ToPointData(p).ToLineProtocol();
                theirs++;
            }
        }

        var reference = theirs / clock.Elapsed.TotalSeconds;
        output.WriteLine($"{ours:F0} points/s written by LineProtocol, {reference:F0} by InfluxDB.Client PointData (x{ours / reference:F1}), same points, same run");
        Assert.Equal(string.Concat(Enumerable.Repeat(once, 100)), System.Text.Encoding.UTF8.GetString(buffer.Written.Span));
    }

    private static PointData ToPointData(Point p)
    {
        var data = PointData.Measurement(p.Measurement);
        foreach (var t in p.Tags)
        {
            data = data.Tag(t.Key, t.Value);
        }

        foreach (var f in p.Fields)
        {
            data = f.Value switch
            {
                long l => data.Field(f.Key, l),
                double d => data.Field(f.Key, d),
                bool b => data.Field(f.Key, b),
                _ => data.Field(f.Key, (string)f.Value),
            };
        }

        return data.Timestamp(p.TimestampMs, WritePrecision.Ms);
    }
}
