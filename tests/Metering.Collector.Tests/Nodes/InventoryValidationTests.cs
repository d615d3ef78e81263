using System.Text.Json.Nodes;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Nodes;

/// <summary>Each row breaks the fixture's file in one way; the error names the entry and says what is wrong.</summary>
public sealed class InventoryValidationTests
{
    private static readonly Dictionary<string, Action<JsonObject>> Breakages = new()
    {
        ["duplicate site"] = d => Sites(d).Add(new JsonObject { ["id"] = "paris-dc1" }),
        ["bad site id"] = d => Sites(d).Add(new JsonObject { ["id"] = "lyon dc" }),
        ["duplicate node"] = d => Node(d, 1)["id"] = "gpu-a01",
        ["bad node id"] = d => Node(d, 1)["id"] = "gpu/a02",
        ["unknown site"] = d => Node(d, 0)["site"] = "lyon",
        ["missing site field"] = d => Node(d, 0).Remove("site"),
        ["missing pue_zone"] = d => Node(d, 0).Remove("pue_zone"),
        ["missing feeds"] = d => Node(d, 1).Remove("feeds"),
        ["negative gpus"] = d => Node(d, 0)["gpus"] = -1,
        ["negative idle"] = d => Node(d, 0)["idle_w"] = -5,
        ["bad label"] = d => Node(d, 0)["labels"]!["rack id"] = "r12",
        ["duplicate feed"] = d => Feeds(d, 1)[1]!["id"] = "psu1",
        ["bad feed role"] = d => Feeds(d, 0)[0]!["role"] = "ac",
        ["no wall feed"] = d => Node(d, 1)["feeds"] = new JsonArray(new JsonObject { ["id"] = "rail", ["role"] = "submeter" }),
        ["unknown node"] = d => Mapping(d, 2)["node"] = "gpu-z99",
        ["unknown feed"] = d => Mapping(d, 2)["feed"] = "psu3",
        ["bad device id"] = d => Mapping(d, 0)["device"] = "Rack12",
        ["channel out of range"] = d => Mapping(d, 0)["channel"] = 32,
        ["missing channel"] = d => Mapping(d, 1).Remove("channel"),
        ["month 13"] = d => Mapping(d, 0)["valid_from"] = "2025-13-01T08:00:00Z",
        ["local offset"] = d => Mapping(d, 0)["valid_from"] = "2025-03-01T09:00:00+01:00",
        ["date only"] = d => Mapping(d, 0)["valid_to"] = "2025-03-02",
        ["valid_to before valid_from"] = d => Mapping(d, 0)["valid_to"] = "2025-03-01T07:00:00Z",
        ["valid_to equal to valid_from"] = d => Mapping(d, 0)["valid_to"] = "2025-03-01T08:00:00Z",
        ["overlap on a channel"] = d => Mappings(d).Add(Map("rack12-node07-a", 0, "gpu-a02", "psu1", "2025-03-01T09:00:00Z")),
        ["overlap on a feed"] = d => Mappings(d).Add(Map("other-meter", 5, "gpu-a01", "psu2", "2025-02-01T00:00:00Z", "2025-03-01T08:00:01Z")),
        ["unknown field"] = d => Node(d, 0)["gpu"] = 8,
        ["wrong type"] = d => Node(d, 0)["gpus"] = "eight",
        ["version 2"] = d => d["version"] = 2,
        ["no version"] = d => d.Remove("version"),
        ["null entry"] = d => Mappings(d).Add(null),
    };

    [Theory]
    [InlineData("duplicate site", "sites[1] \"paris-dc1\"", "duplicate site id (first at sites[0])")]
    [InlineData("bad site id", "sites[1] \"lyon dc\"", "site id must be 1 to 64 characters")]
    [InlineData("duplicate node", "nodes[1] \"gpu-a01\"", "duplicate node id (first at nodes[0])")]
    [InlineData("bad node id", "nodes[1] \"gpu/a02\"", "node id must be")]
    [InlineData("unknown site", "nodes[0] \"gpu-a01\"", "unknown site \"lyon\"")]
    [InlineData("missing site field", "nodes[0] \"gpu-a01\"", "site is missing")]
    [InlineData("missing pue_zone", "nodes[0] \"gpu-a01\"", "pue_zone is missing")]
    [InlineData("missing feeds", "nodes[1] \"gpu-a02\"", "feeds is missing")]
    [InlineData("negative gpus", "nodes[0] \"gpu-a01\"", "gpus (-1) and cpu_cores (64) must not be negative")]
    [InlineData("negative idle", "nodes[0] \"gpu-a01\"", "idle_w (-5) must not be negative")]
    [InlineData("bad label", "nodes[0] \"gpu-a01\"", "label \"rack id\"")]
    [InlineData("duplicate feed", "nodes[1] \"gpu-a02\"", "duplicate feed \"psu1\"")]
    [InlineData("bad feed role", "nodes[0] \"gpu-a01\" feeds[0]", "role \"ac\" must be wall or submeter")]
    [InlineData("no wall feed", "nodes[1] \"gpu-a02\"", "at least one wall feed")]
    [InlineData("unknown node", "mappings[2]", "unknown node \"gpu-z99\"")]
    [InlineData("unknown feed", "mappings[2]", "node \"gpu-a01\" has no feed \"psu3\"")]
    [InlineData("bad device id", "mappings[0]", "device \"Rack12\" must be 1 to 32 characters of a-z, 0-9 or '-'")]
    [InlineData("channel out of range", "mappings[0]", "channel 32 must lie in 0..31")]
    [InlineData("missing channel", "mappings[1]", "channel is missing")]
    [InlineData("month 13", "mappings[0]", "valid_from \"2025-13-01T08:00:00Z\" is not a UTC time like 2025-03-01T08:00:00Z")]
    [InlineData("local offset", "mappings[0]", "valid_from \"2025-03-01T09:00:00+01:00\" is not a UTC time")]
    [InlineData("date only", "mappings[0]", "valid_to \"2025-03-02\" is not a UTC time")]
    [InlineData("valid_to before valid_from", "mappings[0]", "valid_to 2025-03-01T07:00:00Z must be after valid_from 2025-03-01T08:00:00Z")]
    [InlineData("valid_to equal to valid_from", "mappings[0]", "valid_to 2025-03-01T08:00:00Z must be after valid_from")]
    [InlineData("overlap on a channel", "mappings[3]", "rack12-node07-a/0 -> gpu-a02/psu1 [2025-03-01T09:00:00Z, open) overlaps mappings[0] rack12-node07-a/0 -> gpu-a01/psu1 [2025-03-01T08:00:00Z, open) on the same channel rack12-node07-a/0")]
    [InlineData("overlap on a feed", "mappings[1]", "overlaps mappings[3] other-meter/5 -> gpu-a01/psu2 [2025-02-01T00:00:00Z, 2025-03-01T08:00:01Z) on the same feed gpu-a01/psu2")]
    [InlineData("unknown field", "$.nodes[0].gpu", "unknown field \"gpu\"")]
    [InlineData("wrong type", "$.nodes[0].gpus", "wrong type: expected an integer")]
    [InlineData("version 2", "$.version", "version 2 is not supported; this collector reads version 1")]
    [InlineData("no version", "$.version", "missing")]
    [InlineData("null entry", "mappings[3]", "null is not an entry")]
    public void Each_error_names_the_offending_entry(string breakage, string path, string message)
    {
        var document = JsonNode.Parse(InventoryJson.Format(Fixture.Inventory()))!.AsObject();
        Breakages[breakage](document);

        var e = Assert.Throws<InventoryException>(() => InventoryJson.Parse(document.ToJsonString()));
        var error = Assert.Single(e.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
        Assert.Contains(path + ": ", e.Message);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var document = JsonNode.Parse(InventoryJson.Format(Fixture.Inventory()))!.AsObject();
        Node(document, 0)["site"] = "lyon";
        Mapping(document, 2)["feed"] = "psu3";

        var e = Assert.Throws<InventoryException>(() => InventoryJson.Parse(document.ToJsonString()));
        Assert.Equal(["nodes[0] \"gpu-a01\"", "mappings[2]"], e.Errors.Select(x => x.Path));
        Assert.StartsWith("invalid inventory (2 errors):", e.Message);
    }

    [Theory]
    [InlineData("{\"version\":1,\"sites\":[],}", "not valid JSON")]
    [InlineData("{\"version\":1", "not valid JSON")]
    [InlineData("null", "the file holds null")]
    [InlineData("[]", "wrong type: expected an object")]
    public void Broken_json_is_refused_with_its_position(string json, string message)
    {
        var e = Assert.Throws<InventoryException>(() => InventoryJson.Parse(json));
        Assert.Contains(message, Assert.Single(e.Errors).Message);
    }

    [Fact]
    public void An_empty_inventory_is_valid()
    {
        var inventory = InventoryJson.Parse("{\"version\":1}");

        Assert.Empty(inventory.Nodes);
        Assert.Equal("{\n  \"version\": 1,\n  \"sites\": [],\n  \"nodes\": [],\n  \"mappings\": []\n}\n", InventoryJson.Format(inventory));
    }

    private static JsonArray Sites(JsonObject d) => d["sites"]!.AsArray();

    private static JsonObject Node(JsonObject d, int i) => d["nodes"]![i]!.AsObject();

    private static JsonArray Feeds(JsonObject d, int i) => Node(d, i)["feeds"]!.AsArray();

    private static JsonArray Mappings(JsonObject d) => d["mappings"]!.AsArray();

    private static JsonObject Mapping(JsonObject d, int i) => Mappings(d)[i]!.AsObject();

    private static JsonObject Map(string device, int channel, string node, string feed, string from, string? to = null)
    {
        var m = new JsonObject { ["device"] = device, ["channel"] = channel, ["node"] = node, ["feed"] = feed, ["valid_from"] = from };
        if (to is not null)
        {
            m["valid_to"] = to;
        }

        return m;
    }
}
