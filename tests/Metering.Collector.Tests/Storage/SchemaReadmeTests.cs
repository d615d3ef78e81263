using System.Reflection;
using System.Text.RegularExpressions;
using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using Metering.Collector.Host;
using Metering.Collector.Ingest;
using Metering.Collector.Intervals;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Protocol;

namespace Metering.Collector.Tests.Storage;

/// <summary>
/// The collector README's "Schema" is the stored schema, once: its example line protocol is exactly what the schema
/// writes for the fixture below (golden contract payloads through the real ingestor, records through the real
/// attributor), every measurement the code defines has a section, and every tag and field the code writes is in its
/// measurement's table.
/// </summary>
public sealed partial class SchemaReadmeTests
{
    private const long T0 = 1764403200000;
    private static readonly string Readme = File.ReadAllText(Repo.Path("collector/Metering.Collector/README.md"));

    [Fact]
    public void The_example_line_protocol_is_what_the_schema_writes()
    {
        var block = Regex.Match(Readme, "<!-- schema-example -->\\s*```text\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "the README has no <!-- schema-example --> text block");
        var documented = block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var written = Fixture().Select(LineProtocol.ToLine).ToArray();
        Assert.Equal(written, documented);
    }

    [Fact]
    public void Every_measurement_has_a_section_and_every_tag_and_field_written_is_documented()
    {
        // Each stage owns the points it writes: every public static class named *Points in the collector's assemblies.
        var measurements = new[] { typeof(IngestPoints), typeof(HealthPoints) }.Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetExportedTypes()).Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Points", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Contains("job_energy", measurements);
        foreach (var m in measurements)
        {
            Assert.True(Section(m) is not null, $"the README has no '### {m}' section");
        }

        foreach (var p in Fixture())
        {
            var section = Section(p.Measurement)!;
            foreach (var key in p.Tags.Select(t => t.Key).Concat(p.Fields.Select(f => f.Key)))
            {
                Assert.True(section.Contains($"`{key}`", StringComparison.Ordinal), $"'{p.Measurement}' writes '{key}', which its README table does not list");
            }
        }

        Assert.Equal(measurements.Order(), Fixture().Select(p => p.Measurement).Distinct().Order());
    }

    private static string? Section(string measurement)
    {
        var m = Regex.Match(Readme, $"### {Regex.Escape(measurement)}\\n(.*?)(?=\\n### |\\n## |$)", RegexOptions.Singleline);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>One point of every measurement, from realistic inputs.</summary>
    private static List<Point> Fixture()
    {
        var points = new List<Point>();
        var telemetry = new TelemetryIngestor(new TimePlacement()).Ingest(
            "metering/v1/rack12-node07-a/telemetry", File.ReadAllBytes(Repo.Example("telemetry.json")), T0 + 10_250);
        points.Add(IngestPoints.Reading(telemetry.Readings[0]));
        var newEpoch = new TelemetryIngestor(new TimePlacement()).Ingest(
            "metering/v1/rack12-node07-a/telemetry", File.ReadAllBytes(Repo.Example("telemetry-new-epoch.json")), T0 + 440_250);
        points.Add(IngestPoints.Reading(newEpoch.Readings[1]));
        var interval = new ChannelInterval("rack12-node07-a", 0, 3, T0, T0 + 10_000, 14_123_000, BridgeReason.None, 42, 18734, TimeSource.Device);
        points.Add(IntervalPoints.Interval(interval, interval.EndMs));
        var bridge = new ChannelInterval("rack12-node07-a", 2, 2818049, T0 + 10_000, T0 + 440_000, 7_477_890, BridgeReason.Lineage, 43, 0, TimeSource.Device);
        points.Add(IntervalPoints.Interval(bridge, bridge.EndMs));
        points.Add(IntervalPoints.Gap(new ChannelGap("rack12-node07-a", 2, T0 - 60_000, T0, GapReason.NewEpoch, 6, 7, 30_000_000_000, 0, 42, 18734)));
        points.Add(IntervalPoints.Gap(new ChannelGap("rack12-node07-a", 0, T0 + 10_000, T0 + 20_000, GapReason.AboveRatedPower, 3, 3, 81_237_650_000,
            9_007_199_254_740_991, 42, 18735, 9_007_118_017_090_991)));
        var node = new NodeEnergy("lab", "gpu-node-07", T0, 10_000, 47_000_000, 4_700_000, 1.0, 0, true, 1,
            [new FeedEnergy("psu1", FeedRole.Wall, 23_600_000, 10_000, 0), new FeedEnergy("psu2", FeedRole.Wall, 23_400_000, 10_000, 0)]);
        points.AddRange(NodePoints.Node(node));
        points.Add(IngestPoints.Status(StatusCodec.Decode(File.ReadAllBytes(Repo.Example("status-online.json")), out _), T0 + 250));
        points.Add(IngestPoints.Event(EventCodec.Decode(File.ReadAllBytes(Repo.Example("event-sensor-fault.json")), out _), T0 + 20_600));
        points.Add(IngestPoints.NewLife(new DeviceLife("rack12-node07-a", 1, "incarnation", "incarnation 7394580216573004, was 2914017489126631",
            7394580216573004, 2914017489126631, 1, 0, T0 + 900_000, true), T0 + 900_000));

        var facility = new FacilityCarbonModel(new PueTable(bySite: new Dictionary<string, double> { ["lab"] = 1.4 }),
            new CarbonIntensityTable(bySite: new Dictionary<string, ICarbonIntensity> { ["lab"] = new ConstantIntensity(350) }));
        var gpuNode = new Node("gpu-node-07", "lab", 8, 64, "lab", [], idleWatts: 800);
        var train = Job("slurm:4711", "alice", "nlp", "llama-3-8b", "training", [0, 1, 2, 3, 4, 5], 48);
        var infer = Job("api:chat-7", "bob", "assist", "mistral-7b", "inference", [6, 7], 16);
        var attribution = new Attributor(facility: facility).Attribute(node, gpuNode, [train, infer],
            [new PowerEstimate(train.Id, "gpu-node-07", T0, T0 + 10_000, 3600), new PowerEstimate(infer.Id, "gpu-node-07", T0, T0 + 10_000, 240)],
            IdleBaseline.Configured(800_000));
        points.Add(AttributionPoints.JobEnergyPoint(attribution.Jobs[0]));
        points.Add(AttributionPoints.NodeAttributionPoint(attribution.Remainder));
        var summary = JobSummary.Fold(train, attribution.Jobs, T0 + 10_000);
        points.Add(AttributionPoints.JobSummaryPoint(train, summary));
        points.Add(AttributionPoints.RollupPoint("project", "nlp", AttributionPoints.DayStartMs(T0), 1, summary.ItMillijoules, summary.FacilityMillijoules, summary.Co2eGrams));
        points.Add(HealthPoints.Health("collector-1", new HealthReport(true, [], true, 0, 0, 0, 1, 1), 18_500, 3, 1, 55_400, 4, T0 + 60_000));
        return points;
    }

    private static Job Job(string id, string user, string project, string model, string purpose, int[] gpus, int cores) => new()
    {
        Id = id,
        Source = id.StartsWith("slurm:", StringComparison.Ordinal) ? JobSource.Slurm : JobSource.Api,
        User = user,
        Project = project,
        Model = model,
        Purpose = purpose,
        Allocations = [new JobAllocation("gpu-node-07", gpus, cores)],
        StartMs = T0,
        State = JobState.Running,
    };
}
