using System.Net;
using System.Text.Json;
using Metering.Collector.Host;

namespace Metering.Collector.Tests.Api;

/// <summary>The API says what it is at <c>/</c>, and an unknown node's power is a 404, not an empty 200.</summary>
public sealed class ApiIndexTests : WithJobApiServer
{
    [Fact]
    public async Task The_root_lists_the_endpoints_and_the_version()
    {
        using var root = JsonDocument.Parse(await Server.Client().GetStringAsync("/"));

        Assert.Equal(CollectorMetrics.BuildVersion, root.RootElement.GetProperty("version").GetString());
        Assert.Contains("/api/v1/jobs", root.RootElement.GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_unknown_node_s_power_is_not_found()
    {
        using var response = await Server.Client().GetAsync("/api/v1/nodes/no-such-node/power");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no node 'no-such-node' in the inventory", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
