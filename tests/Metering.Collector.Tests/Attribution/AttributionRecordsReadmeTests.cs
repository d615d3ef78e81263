using System.Text.RegularExpressions;
using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Metering.Collector.Points;
using static Metering.Collector.Tests.Attribution.Given;

namespace Metering.Collector.Tests.Attribution;

/// <summary>The example line protocol in Attribution/README.md "Stored measurements" is what the collector writes.</summary>
public sealed partial class AttributionRecordsReadmeTests
{
    [Fact]
    public void The_readme_example_is_what_one_bucket_of_the_unlike_jobs_example_writes()
    {
        var jobs = new JobStore();
        var facility = new FacilityCarbonModel(
            new PueTable(byZone: new Dictionary<string, double> { ["room-a"] = 1.35 }),
            new CarbonIntensityTable(bySite: new Dictionary<string, ICarbonIntensity> { ["paris-dc1"] = new ConstantIntensity(52) }));
        var live = LiveAttribution.Create(jobs, new AttributionStage(Inventory(), jobs, new Attributor(facility: facility)));
        jobs.Start(Job("train", 6, 48, T0) with { Project = "vision", User = "ann", Model = "vit-h", Purpose = "training" });
        jobs.Start(Job("infer", 2, 16, T0) with { Allocations = [new JobAllocation("gpu-a01", [6, 7], 16)], Project = "search", User = "bob" });
        var points = new List<Point>();

        live.Process([Bucket(47_000_000)], live.Stage.Inventory, T0 + W, points);

        string[] expected = [.. ExampleBlock().Match(File.ReadAllText(Repo.Path("collector/Metering.Collector.Core/Attribution/README.md"))).Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        var written = points.Select(LineProtocol.ToLine).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, line => Assert.Contains(line, written));
        Assert.Equal(["job_energy", "node_attribution", "job_summary", "energy_rollup"], expected.Select(l => l.Split(',')[0]).Distinct());
    }

    [GeneratedRegex("<!-- attribution-line-protocol -->\\s*```text\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
