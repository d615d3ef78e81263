using Metering.Collector.Files;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Nodes;

public sealed class InventoryFileTests
{
    private static string ReadmeExample()
    {
        var readme = Fixture.RepoFile("collector/Metering.Collector.Core/Nodes/README.md");
        var start = readme.IndexOf("<!-- inventory-example -->", StringComparison.Ordinal);
        var open = readme.IndexOf("```json\n", start, StringComparison.Ordinal) + "```json\n".Length;
        return readme[open..readme.IndexOf("```", open, StringComparison.Ordinal)];
    }

    [Fact]
    public void The_readme_example_loads_and_is_in_canonical_form()
    {
        var example = ReadmeExample();
        var inventory = InventoryJson.Parse(example);

        Assert.Equal(example, InventoryJson.Format(inventory));
        Assert.Equal(["lab-b", "paris-dc1"], inventory.Sites.Select(s => s.Id));
        Assert.Equal(["cpu-b07", "gpu-a01"], inventory.Nodes.Select(n => n.Id));
        Assert.Equal(5, inventory.Mappings.Count);
        var gpu = inventory.FindNode("gpu-a01")!;
        Assert.Equal((8, 64, 420, "room-a"), (gpu.Gpus, gpu.CpuCores, gpu.IdleWatts!.Value, gpu.PueZone));
        Assert.Equal("HGX H100 8-GPU", gpu.Labels["model"]);
        Assert.Null(inventory.FindNode("cpu-b07")!.IdleWatts);
    }

    [Fact]
    public void Save_then_load_gives_the_same_inventory_and_leaves_no_temporary_file()
    {
        var dir = Directory.CreateTempSubdirectory("metering-inventory-");
        try
        {
            var path = Path.Combine(dir.FullName, "inventory.json");
            var inventory = InventoryJson.Parse(ReadmeExample());
            InventoryFile.Save(inventory, path);
            var loaded = InventoryFile.Load(path);

            Assert.Equal(inventory.Sites, loaded.Sites);
            Assert.Equal(inventory.Nodes, loaded.Nodes);
            Assert.Equal(inventory.Mappings, loaded.Mappings);
            Assert.Equal(ReadmeExample(), File.ReadAllText(path));
            Assert.Equal(["inventory.json"], dir.GetFiles().Select(f => f.Name));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_hand_written_file_in_any_order_is_saved_in_canonical_order()
    {
        const string json = """
            { "mappings": [
                { "valid_to": "2025-03-15T12:30:00.250Z", "valid_from": "2025-02-01T00:00:00Z", "feed": "psu1", "node": "n1", "channel": 3, "device": "dev-b" },
                { "device": "dev-a", "channel": 0, "node": "n1", "feed": "psu2", "valid_from": "2025-02-01T00:00:00Z" } ],
              "nodes": [ { "feeds": [ { "role": "wall", "id": "psu2" }, { "id": "psu1", "role": "wall" } ], "pue_zone": "z", "cpu_cores": 2, "gpus": 0, "site": "s", "id": "n1" } ],
              "sites": [ { "id": "s" } ],
              // comments are allowed
              "version": 1 }
            """;
        var text = InventoryJson.Format(InventoryJson.Parse(json));

        Assert.True(text.IndexOf("\"version\"", StringComparison.Ordinal) < text.IndexOf("\"sites\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("dev-a", StringComparison.Ordinal) < text.IndexOf("dev-b", StringComparison.Ordinal));
        Assert.Contains("\"valid_to\": \"2025-03-15T12:30:00.25Z\"", text);
        Assert.True(text.IndexOf("psu2", StringComparison.Ordinal) < text.IndexOf("psu1", StringComparison.Ordinal), "feeds keep their order");
        Assert.Equal(text, InventoryJson.Format(InventoryJson.Parse(text)));
    }

    [Fact]
    public void Loading_a_missing_file_is_an_io_error()
    {
        Assert.Throws<FileNotFoundException>(() => InventoryFile.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json")));
    }
}
