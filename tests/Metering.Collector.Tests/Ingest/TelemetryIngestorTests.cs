using Metering.Collector.Ingest;

namespace Metering.Collector.Tests.Ingest;

public sealed class TelemetryIngestorTests
{
    private const string Topic = "metering/v1/rack12-node07-a/telemetry";
    private static readonly byte[] Golden = File.ReadAllBytes(Repo.Example("telemetry.json"));
    private const long GoldenEnd = 1764403210000;

    public static TheoryData<string, string, string> Invalid()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var c in Repo.InvalidCases())
        {
            data.Add(c.File, c.Topic, c.Reason);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Every_refused_contract_document_is_rejected_with_its_reason(string file, string topic, string reason)
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());

        var outcome = ingestor.Ingest(topic, File.ReadAllBytes(Repo.Example("invalid/" + file)), GoldenEnd);

        Assert.Equal((IngestResult.Rejected, reason), (outcome.Result, outcome.Reason));
        Assert.Empty(outcome.Readings);
    }

    [Fact]
    public void Golden_telemetry_becomes_one_reading_per_channel_on_the_device_clock()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());

        var outcome = ingestor.Ingest(Topic, Golden, GoldenEnd + 350);

        Assert.Equal(IngestResult.Telemetry, outcome.Result);
        Assert.Equal([0, 1, 2], outcome.Readings.Select(r => r.ChannelId));
        var rail = outcome.Readings[2];
        Assert.Equal((SensorKind.Ina219, 7L, 30876543210L, 1764403200000L, GoldenEnd, TimeSource.Device), (rail.Kind, rail.Epoch, rail.EnergyMillijoules, rail.StartMs, rail.EndMs, rail.TimeSource));
        Assert.Equal((200, 402110, 12041), (rail.SampleCount, rail.PowerMeanMilliwatts, rail.VoltageMeanMillivolts));
    }

    /// <summary>
    /// Windows 18734 and 18736 accepted; 18735 arrives after them (a resend overtaken on reconnect): late, counted as
    /// such, not stored (its energy is in the interval from 18734 to 18736); a repeat of 18735 then is late again,
    /// and 18734 or 18736 again are duplicates.
    /// </summary>
    [Fact]
    public void A_window_overtaken_by_later_ones_is_late_not_a_duplicate()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());
        byte[] Seq(int seq) => System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Golden).Replace("\"seq\":18734", $"\"seq\":{seq}"));
        ingestor.Ingest(Topic, Seq(18734), GoldenEnd);
        Assert.Equal(IngestResult.Telemetry, ingestor.Ingest(Topic, Seq(18736), GoldenEnd + 20_000).Result);

        var late = ingestor.Ingest(Topic, Seq(18735), GoldenEnd + 21_000);

        Assert.Equal((IngestResult.Late, "late"), (late.Result, late.Reason));
        Assert.Contains("seq 18735 arrived after seq 18736", late.Detail, StringComparison.Ordinal);
        Assert.Empty(late.Readings);
        Assert.Equal(IngestResult.Late, ingestor.Ingest(Topic, Seq(18735), GoldenEnd + 22_000).Result);
        Assert.Equal(IngestResult.Duplicate, ingestor.Ingest(Topic, Seq(18734), GoldenEnd + 23_000).Result);
        Assert.Equal(IngestResult.Duplicate, ingestor.Ingest(Topic, Seq(18736), GoldenEnd + 24_000).Result);
    }

    [Fact]
    public void A_repeated_boot_and_sequence_is_a_duplicate_and_a_new_boot_is_not()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());
        ingestor.Ingest(Topic, Golden, GoldenEnd);

        Assert.Equal(IngestResult.Duplicate, ingestor.Ingest(Topic, Golden, GoldenEnd + 1000).Result);
        var older = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Golden).Replace("\"seq\":18734", "\"seq\":18000"));
        Assert.Equal(IngestResult.Duplicate, ingestor.Ingest(Topic, older, GoldenEnd).Result);   // too far back to tell: counted as a duplicate
        var nextBoot = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Golden).Replace("\"boot\":42", "\"boot\":43").Replace("\"seq\":18734", "\"seq\":0"));
        Assert.Equal(IngestResult.Telemetry, ingestor.Ingest(Topic, nextBoot, GoldenEnd).Result);
    }

    [Fact]
    public void The_ledger_survives_a_restore_so_a_redelivery_after_a_restart_is_still_a_duplicate()
    {
        var first = new TelemetryIngestor(new TimePlacement());
        first.Ingest(Topic, Golden, GoldenEnd);
        var second = new TelemetryIngestor(new TimePlacement());

        foreach (var (device, ledger) in first.Ledgers)
        {
            second.Restore(device, ledger with { });
        }

        Assert.Equal(IngestResult.Duplicate, second.Ingest(Topic, Golden, GoldenEnd).Result);
    }

    [Fact]
    public void A_spoofed_device_id_is_rejected_whatever_the_broker_allowed()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());

        var outcome = ingestor.Ingest("metering/v1/rack12-node08-a/telemetry", Golden, GoldenEnd);

        Assert.Equal((IngestResult.Rejected, "device_mismatch"), (outcome.Result, outcome.Reason));
    }
}
