using Metering.Collector.Carbon;
using Metering.Collector.Host;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Host;

/// <summary>What a configuration leaves out, said before it quietly shapes results.</summary>
public sealed class ConfigurationWarningsTests
{
    private static readonly Inventory TwoNodes = Inventory.Create([new Site("lab")],
        [new Node("n1", "lab", 8, 64, "hall-a", [new Feed("psu1", FeedRole.Wall)]), new Node("n2", "lab", 8, 64, "hall-b", [new Feed("psu1", FeedRole.Wall)])], []);

    [Fact]
    public void Jobs_on_nodes_the_inventory_does_not_know_are_named_once()
    {
        Metering.Collector.Jobs.Job On(string id, params string[] nodes) => new() { Id = id, Source = Metering.Collector.Jobs.JobSource.Api, StartMs = 0, Allocations = [.. nodes.Select(n => new Metering.Collector.Jobs.JobAllocation(n, [], 0))] };

        var warning = Assert.Single(ConfigurationWarnings.JobsOnUnknownNodes([On("a", "n1"), On("b", "n1", "ghost-7"), On("c", "ghost-7")], TwoNodes));

        Assert.StartsWith("2 jobs (b, c) on node ghost-7 the inventory does not know: no meter maps to them", warning, StringComparison.Ordinal);
        Assert.Empty(ConfigurationWarnings.JobsOnUnknownNodes([On("a", "n1"), On("d", "n2")], TwoNodes));
    }

    [Theory]
    [InlineData(false, "no inventory file at /d/inventory.json")]
    [InlineData(true, "the inventory has no nodes at /d/inventory.json")]
    public void No_inventory_or_an_empty_one_is_one_warning(bool exists, string start)
    {
        var warning = Assert.Single(ConfigurationWarnings.For(Inventory.Empty, "/d/inventory.json", exists, FacilityCarbonModel.None, 0));

        Assert.StartsWith(start, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_without_PUE_or_carbon_are_named_and_configured_ones_are_not()
    {
        var model = new FacilityCarbonModel(
            new PueTable(byZone: new Dictionary<string, double>(StringComparer.Ordinal) { ["hall-a"] = 1.3 }),
            new CarbonIntensityTable(byZone: new Dictionary<string, ICarbonIntensity>(StringComparer.Ordinal) { ["hall-b"] = new ConstantIntensity(250) }));

        var warnings = ConfigurationWarnings.For(TwoNodes, "/d/inventory.json", true, model, 0);

        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("no PUE for node n2:", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("no carbon intensity for node n1:", warnings[1], StringComparison.Ordinal);
        Assert.Empty(ConfigurationWarnings.For(TwoNodes, "/d/inventory.json", true,
            new FacilityCarbonModel(new PueTable(fallback: 1.2), new CarbonIntensityTable(fallback: new ConstantIntensity(300))), 0));
    }
}
