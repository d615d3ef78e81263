using System.Text;
using Metering.Collector.Ingest;

namespace Metering.Collector.Tests.Ingest;

/// <summary>
/// What ingest passes on from the contract's newer fields, through the golden examples: a reading's lineage
/// (prev_epoch, prev_energy_mj) and incarnation, a new device life with its reason, replays of an earlier life, the
/// ratings a config declares, and the incarnation in status.
/// </summary>
public sealed class IngestLifeAndLineageTests
{
    private const string Telemetry = "metering/v1/rack12-node07-a/telemetry";
    private const long T = 1764403640000;

    private static byte[] Example(string name) => File.ReadAllBytes(Repo.Example(name));

    private static byte[] With(byte[] payload, params (string From, string To)[] edits)
    {
        var text = Encoding.UTF8.GetString(payload);
        foreach (var (from, to) in edits)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }

    [Fact]
    public void The_golden_new_epoch_telemetry_carries_its_lineage_and_incarnation_into_the_readings()
    {
        var outcome = new TelemetryIngestor(new TimePlacement()).Ingest(Telemetry, Example("telemetry-new-epoch.json"), T + 300);

        var (pzem, rail) = (outcome.Readings[0], outcome.Readings[1]);
        Assert.Equal(((long?)null, (long?)null), (pzem.PreviousEpoch, pzem.PreviousEnergyMillijoules));
        Assert.Equal((2818049L, 30884021100L, (long?)7, (long?)30880000000), (rail.Epoch, rail.EnergyMillijoules, rail.PreviousEpoch, rail.PreviousEnergyMillijoules));
        Assert.All(outcome.Readings, r => Assert.Equal((2914017489126631L, T, 0L), (r.Incarnation, r.DeviceEndMs, r.Life)));
        Assert.Null(outcome.NewLife);
    }

    [Fact]
    public void A_new_incarnation_starts_a_new_life_and_the_earlier_lifes_messages_are_duplicates()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());
        var first = ingestor.Ingest(Telemetry, Example("telemetry-new-epoch.json"), T + 300);
        var swapped = With(Example("telemetry-new-epoch.json"), ("\"incarnation\":2914017489126631,\"boot\":43,\"seq\":0", "\"incarnation\":7394580216573004,\"boot\":1,\"seq\":0"),
            ("1764403630000", "1764403650000"), ("1764403640000", "1764403660000"));

        var life = ingestor.Ingest(Telemetry, swapped, T + 20_300);
        var late = ingestor.Ingest(Telemetry, With(Example("telemetry-new-epoch.json"), ("\"seq\":0", "\"seq\":1")), T + 20_400);

        Assert.Equal(IngestResult.Telemetry, life.Result);
        Assert.Equal(("incarnation", 1L, 7394580216573004L, 2914017489126631L), (life.NewLife!.Reason, life.NewLife.Life, life.NewLife.Incarnation, life.NewLife.PreviousIncarnation));
        Assert.All(life.Readings, r => Assert.Equal(1, r.Life));
        Assert.All(first.Readings, r => Assert.Equal(0, r.Life));
        Assert.Equal((IngestResult.Duplicate, "duplicate"), (late.Result, late.Reason));
        Assert.Contains("earlier life", late.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_incarnation_a_boot_that_went_back_with_a_later_window_is_a_new_life_and_an_older_window_a_replay()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());
        ingestor.Ingest(Telemetry, Example("telemetry.json"), 1764403210300);
        var wiped = With(Example("telemetry.json"), ("\"boot\":42,\"seq\":18734", "\"boot\":1,\"seq\":0"), ("1764403200000", "1764403300000"), ("1764403210000", "1764403310000"));
        var replay = With(Example("telemetry.json"), ("\"seq\":18734", "\"seq\":18700"), ("1764403200000", "1764402860000"), ("1764403210000", "1764402870000"));

        var replayed = ingestor.Ingest(Telemetry, replay, 1764403210400);
        var life = ingestor.Ingest(Telemetry, wiped, 1764403310300);

        Assert.Equal(IngestResult.Late, replayed.Result);   // an older window of the same boot, never accepted: late, not a new life
        Assert.Equal(("boot_went_back", 1L, -1L), (life.NewLife!.Reason, life.NewLife.Life, life.NewLife.Incarnation));
    }

    [Fact]
    public void A_config_declares_each_channels_rating_and_a_channel_without_one_gets_its_kinds_default()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());
        var before = ingestor.Ingest(Telemetry, Example("telemetry.json"), 1764403210300);

        Assert.Equal(IngestResult.Config, ingestor.Ingest("metering/v1/rack12-node07-a/config", Example("config.json"), 1764403210400).Result);
        var after = ingestor.Ingest(Telemetry, With(Example("telemetry.json"), ("\"seq\":18734", "\"seq\":18735")), 1764403220300);

        Assert.Equal([53_000_000L, 53_000_000, 100_000_000], before.Readings.Select(r => r.RatedMaxMilliwatts));
        Assert.Equal([26_000_000L, 26_083_200, 800_000], after.Readings.Select(r => r.RatedMaxMilliwatts));
        Assert.Equal([7_200_000L, 7_200_000, 1_000], after.Readings.Select(r => r.ResolutionMillijoules));
    }

    [Fact]
    public void A_replaced_boards_status_carries_its_incarnation_and_the_old_boards_late_will_does_not_take_the_device_offline()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());
        var registry = new DeviceRegistry();
        const string status = "metering/v1/rack12-node07-a/status";

        registry.Record("rack12-node07-a", ingestor.Ingest(status, Example("status-replaced-board.json"), T), T);
        registry.Record("rack12-node07-a", ingestor.Ingest(status, With(Example("status-offline.json"), ("\"boot\":42", "\"incarnation\":2914017489126631,\"boot\":42")), T + 5), T + 5);

        var device = Assert.Single(registry.All());
        Assert.Equal(("online", 7394580216573004L), (device.State, device.Incarnation));
        Assert.Contains("last will of incarnation 2914017489126631", device.LastEvent, StringComparison.Ordinal);
        Assert.Contains(IngestPoints.Status(StatusCodec.Decode(Example("status-replaced-board.json"), out _)!, T).Fields, f => f == new Metering.Collector.Points.Field("incarnation", 7394580216573004L));
    }
}
