using System.Net;
using System.Net.Http.Headers;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// The real `metering serve` and `metering job`: reads behind the token when they need one, dead letters always,
/// the generated read-only token for dashboards, and a node token (`metering job node-token`) that the Slurm hooks'
/// CLI call may use for its own node only.
/// </summary>
/// <remarks>
/// Tests never listen beyond 127.0.0.1, so "reachable beyond loopback" is forced with Http:ReadsNeedToken=true: the
/// setting only decides the boolean that a non-loopback Http:Url would set (HttpExposureTests tests that rule), and
/// the API takes the same path either way.
/// </remarks>
[Collection(EndToEndCollection.Name)]
public sealed class PrivacyServeTests : IDisposable
{
    private readonly string _dir = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Reads_beyond_loopback_need_a_token_and_a_node_token_is_refused_for_another_nodes_job()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var data = Path.Combine(_dir, "data");
        using var serve = MeteringProcess.Start(_dir, $"serve --data {data} --Broker:Port=0 --Http:Url={url} --Http:ReadsNeedToken=true");
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await Collectors.WaitUntilAsync(() => File.Exists(Path.Combine(data, "api-read-token")) && FreePort.Accepts(new Uri(url).Port), TimeSpan.FromSeconds(60), "serve to listen: " + serve.Output);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/dead-letters")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(data, "api-read-token")).Trim());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/dead-letters")).StatusCode);

        var (tokenExit, nodeToken) = MeteringProcess.Run(_dir, $"job node-token --node gpu-a07 --data {data}");
        Assert.True(tokenExit == 0, nodeToken);
        var env = new Dictionary<string, string> { ["METERING_URL"] = url, ["METERING_TOKEN"] = nodeToken.Trim() };
        var own = MeteringProcess.Run(_dir, "job start --id slurm:7 --source slurm --node gpu-a07 --start-ms 1735689600000", env);
        var other = MeteringProcess.Run(_dir, "job start --id slurm:8 --source slurm --node gpu-b01 --start-ms 1735689600000", env);

        Assert.True(own.ExitCode == 0, own.Output);
        Assert.Equal(4, other.ExitCode);
        Assert.Contains("403 Forbidden: this is the node token of 'gpu-a07' and job 'slurm:8' names node(s) gpu-b01: a node token may only start and end jobs on its own node", other.Output, StringComparison.Ordinal);
        Assert.Equal(0, serve.Interrupt());
    }
}
