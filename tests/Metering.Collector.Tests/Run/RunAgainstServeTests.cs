using System.Net.Http.Json;
using System.Text.Json;
using Metering.Collector.Files;
using Metering.Collector.Nodes;
using Metering.Collector.Tests.EndToEnd;
using Metering.Testing;

namespace Metering.Collector.Tests.Run;

/// <summary>
/// The issue's done-when: `metering run --node N -- sleep 5`, against a running `metering serve` whose virtual fleet
/// meters node N, prints the job's energy; the job is stored with its end and state.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RunAgainstServeTests
{
    [Fact]
    public async Task Run_sleep_5_on_a_metered_node_prints_the_job_s_energy()
    {
        var dir = Collectors.TempDirectory();
        var (mqtt, http) = (FreePort.Next(), FreePort.Next());
        var url = $"http://127.0.0.1:{http}";
        Directory.CreateDirectory(Path.Combine(dir, "metering-data"));
        InventoryFile.Save(Inventory.Create(
            [new Site("lab")],
            [new Node("n1", "lab", 4, 32, "lab", [new Feed("psu1", FeedRole.Wall), new Feed("psu2", FeedRole.Wall)], idleWatts: 150)],
            [new ChannelMapping("run-0001-a", 0, "n1", "psu1", DateTimeOffset.UtcNow.AddMinutes(-5)), new ChannelMapping("run-0001-a", 1, "n1", "psu2", DateTimeOffset.UtcNow.AddMinutes(-5))]),
            Path.Combine(dir, "metering-data", "inventory.json"));
        using var serve = MeteringProcess.Start(dir, $"serve --Broker:Port={mqtt} --Http:Url={url}");
        await Collectors.WaitUntilAsync(() => FreePort.Accepts(http) && FreePort.Accepts(mqtt), TimeSpan.FromSeconds(60), "serve to listen: " + serve.Output);
        using var sim = MeteringProcess.Start(dir, $"sim --broker 127.0.0.1:{mqtt} --devices 1 --prefix run --window-s 1 --rails 0");
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        await Collectors.WaitUntilAsync(() => NodeMeasured(client), TimeSpan.FromSeconds(60), "node n1 to be measured: " + serve.Output + sim.Output);
        var token = File.ReadAllText(Path.Combine(dir, "metering-data", "api-token")).Trim();

        var (exit, output) = await Task.Run(() => MeteringProcess.Run(dir, $"run --node n1 --project lab-tests --url {url} --token {token} -- sleep 5"));

        Assert.True(exit == 0, output);
        // No carbon intensity is configured here: the CO2e is unknown, said as n/a rather than 0 g.
        Assert.Matches(@"metering: job run:[a-z0-9.-]+-[0-9]+-[0-9]+ on n1: [0-9]+\.[0-9]{2} Wh IT \([0-9.]+ Wh facility\), n/a CO2e, mean [0-9]+ W over 5\.[0-9] s, method allocation, coverage 100\.0 %", output);
        var id = System.Text.RegularExpressions.Regex.Match(output, "job (run:[^ ]+) on").Groups[1].Value;
        var job = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{Uri.EscapeDataString(id)}");
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal("lab-tests", job.GetProperty("project").GetString());
        Assert.InRange(job.GetProperty("end_ms").GetInt64() - job.GetProperty("start_ms").GetInt64(), 5_000, 15_000);
        Assert.True(job.GetProperty("summary").GetProperty("it_mj").GetInt64() > 0);
        Assert.Equal(0, serve.Interrupt());
    }

    private static bool NodeMeasured(HttpClient client)
    {
        try
        {
            var power = client.GetFromJsonAsync<JsonElement>("/api/v1/nodes/n1/power").GetAwaiter().GetResult();
            return power.GetProperty("points").GetArrayLength() > 0;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
