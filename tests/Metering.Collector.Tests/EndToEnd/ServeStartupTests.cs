using System.Net;
using System.Net.Sockets;
using Metering.Collector.Files;
using Metering.Collector.Nodes;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// `metering serve` meeting an everyday problem at start says so in one line with a hint and exit code 2, never a stack
/// trace; and a configuration that would quietly leave results incomplete (no inventory, no PUE, no carbon) starts
/// with a warning in the log and in /health.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ServeStartupTests : IDisposable
{
    private readonly string _dir = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("mqtt")]
    [InlineData("http")]
    public void A_port_in_use_is_one_line_naming_it_with_a_hint(string taken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (mqtt, http) = taken == "mqtt" ? (port, FreePort.Next()) : (0, port);

        var (exit, output) = MeteringProcess.Run(_dir, $"serve --data {Path.Combine(_dir, "data")} --Broker:Port={mqtt} --Http:Url=http://127.0.0.1:{http}");

        Assert.Equal(2, exit);
        var error = Assert.Single(output.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"a port is in use: Failed to bind {(taken == "mqtt" ? "the MQTT broker " : "")}to {(taken == "mqtt" ? "" : "address http://")}127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("choose another port: Broker:Port, Http:Url", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inventory_path_that_is_a_directory_is_refused_in_one_line()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "inventory.json")).FullName;

        var (exit, output) = MeteringProcess.Run(_dir, $"serve --data {Path.Combine(_dir, "data")} --InventoryPath={folder} --Broker:Port=0 --Http:Url=http://127.0.0.1:{FreePort.Next()}");

        Assert.Equal(2, exit);
        Assert.Contains($"error: a file is not valid: the inventory path {folder} is a directory", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_inventory_then_nodes_without_PUE_or_carbon_are_warned_about_in_the_log_and_in_health()
    {
        var data = Path.Combine(_dir, "data");
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var serve = MeteringProcess.Start(_dir, $"serve --data {data} --Broker:Port=0 --Http:Url={url}");
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await Collectors.WaitUntilAsync(() => Health(http).Contains("no inventory file at", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => "/health to warn of no inventory: " + serve.Output);
        Assert.Contains($"warn: Metering.Collector.Host.CollectorHost[0] Configuration: no inventory file at {Path.Combine(data, "inventory.json")}", serve.Output, StringComparison.Ordinal);

        InventoryFile.Save(Inventory.Create([new Site("lab")], [new Node("n1", "lab", 8, 64, "hall-a", [new Feed("psu1", FeedRole.Wall)])], []), Path.Combine(data, "inventory.json"));

        await Collectors.WaitUntilAsync(() => Health(http).Contains("no carbon intensity for node n1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => "/health to warn of no carbon: " + Health(http) + serve.Output);
        Assert.Contains("no PUE for node n1: their facility energy is their IT energy, flagged pue_default", Health(http), StringComparison.Ordinal);
        Assert.DoesNotContain("no inventory file", Health(http), StringComparison.Ordinal);
        Assert.Contains("\"outbox_batches\":", Health(http), StringComparison.Ordinal);   // snake_case, as the rest of the API
        Assert.Equal(0, serve.Interrupt());
        Assert.Contains("Configuration: no carbon intensity for node n1", serve.Output, StringComparison.Ordinal);
    }

    private static string Health(HttpClient http)
    {
        try
        {
            return http.GetStringAsync("/health").GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
