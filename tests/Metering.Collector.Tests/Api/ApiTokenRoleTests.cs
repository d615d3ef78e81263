using System.Net;
using System.Text;
using System.Text.Json;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Api;

/// <summary>
/// The HTTP API's tokens on a real collector and Kestrel: reads behind a token when Http:ReadsNeedToken is in force
/// (the decision a bind beyond loopback makes), the read-only token for dashboards, and node tokens that may start and
/// end jobs on their own node only, each refusal an RFC 7807 problem document that says why.
/// </summary>
public sealed class ApiTokenRoleTests : IAsyncLifetime
{
    private const string OnA07 = """{"id":"slurm:1","source":"slurm","user":"alice","allocations":[{"node":"gpu-a07","gpus":[0]}],"start_ms":1735689600000}""";
    private const string OnB01 = """{"id":"slurm:2","source":"slurm","user":"bob","allocations":[{"node":"gpu-b01","gpus":[1]}],"start_ms":1735689600000}""";
    private readonly string _data = Collectors.TempDirectory();
    private JobApiServer _server = null!;
    private string _admin = null!;
    private string _reader = null!;

    public async Task InitializeAsync()
    {
        var options = JobApiServer.Options(_data);
        options.Http.ReadsNeedToken = true;
        Directory.CreateDirectory(_data);
        InventoryFile.Save(Metering.Collector.Nodes.Inventory.Create([new Metering.Collector.Nodes.Site("lab")], [new Metering.Collector.Nodes.Node("gpu-a07", "lab", 8, 64, "lab", [new Metering.Collector.Nodes.Feed("psu1", Metering.Collector.Nodes.FeedRole.Wall)])], []),
            new DataDirectory(_data).Inventory);
        _server = await JobApiServer.StartAsync(options);
        _admin = ApiToken.Read(new DataDirectory(_data).ApiToken);
        _reader = ApiToken.Read(new DataDirectory(_data).ApiReadToken);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    public static TheoryData<string> Reads => ["/api/v1/jobs", "/api/v1/jobs/slurm:1", "/api/v1/devices", "/api/v1/nodes/gpu-a07/power", "/api/v1/dead-letters"];

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_read_without_a_token_is_401_and_the_admin_and_read_only_tokens_may_read(string path)
    {
        await Post(_admin, "/api/v1/jobs", OnA07);

        using var anonymous = await _server.Client().GetAsync(path);
        using var wrong = await _server.Client("wrong-token-0123456789abcdef").GetAsync(path);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymous.StatusCode, wrong.StatusCode));
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("read-only token", await Detail(anonymous), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client(_reader).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client(_admin).GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metrics")]
    public async Task Health_and_metrics_stay_open_for_monitoring(string path) =>
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await _server.Client().GetAsync(path)).StatusCode);

    [Fact]
    public async Task The_read_only_token_cannot_change_anything()
    {
        using var start = await Post(_reader, "/api/v1/jobs", OnA07);

        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal("the read-only token cannot change anything: use the admin token (Jobs:Token, or the api-token file)", await Detail(start));
        Assert.Equal(0, _server.Collector.Jobs.Count);
    }

    [Fact]
    public async Task A_node_token_starts_and_ends_jobs_on_its_node()
    {
        var token = ApiToken.NodeToken(_admin, "gpu-a07");

        Assert.Equal(HttpStatusCode.Created, (await Post(token, "/api/v1/jobs", OnA07)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(token, "/api/v1/jobs/slurm:1/end", """{"state":"completed"}""")).StatusCode);
        Assert.Equal(JobState.Completed, _server.Collector.Jobs.Find("slurm:1")!.State);
    }

    [Fact]
    public async Task A_node_token_is_refused_for_another_nodes_job_with_a_problem_that_says_why()
    {
        var token = ApiToken.NodeToken(_admin, "gpu-a07");
        await Post(_admin, "/api/v1/jobs", OnB01);

        using var start = await Post(token, "/api/v1/jobs", OnB01.Replace("slurm:2", "slurm:3", StringComparison.Ordinal));
        using var both = await Post(token, "/api/v1/jobs", OnA07.Replace("""{"node":"gpu-a07","gpus":[0]}""", """{"node":"gpu-a07"},{"node":"gpu-b01"}""", StringComparison.Ordinal));
        using var end = await Post(token, "/api/v1/jobs/slurm:2/end", """{"state":"failed"}""");
        using var estimate = await Post(token, "/api/v1/estimates", """{"job":"slurm:2","node":"gpu-a07","from_ms":1735689600000,"to_ms":1735689610000,"watts":5}""");
        using var read = await _server.Client(token).GetAsync("/api/v1/jobs");

        Assert.All(new[] { start, both, end, estimate, read }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("application/problem+json", end.Content.Headers.ContentType!.MediaType);
        Assert.Equal("this is the node token of 'gpu-a07' and job 'slurm:3' names node(s) gpu-b01: a node token may only start and end jobs on its own node", await Detail(start));
        Assert.Equal("this is the node token of 'gpu-a07' and job 'slurm:1' names node(s) gpu-b01: a node token may only start and end jobs on its own node", await Detail(both));
        Assert.Equal("this is the node token of 'gpu-a07' and job 'slurm:2' runs on gpu-b01: a node token may only start and end jobs on its own node", await Detail(end));
        Assert.Equal(["slurm:2"], _server.Collector.Jobs.All().Select(j => j.Id));
        Assert.Equal(JobState.Running, _server.Collector.Jobs.Find("slurm:2")!.State);
        Assert.Contains("metering_job_api_refused_total{reason=\"forbidden\"} 5", await _server.Client().GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_token_made_from_another_admin_token_is_401()
    {
        using var start = await Post(ApiToken.NodeToken("some-other-admin-token-0123", "gpu-a07"), "/api/v1/jobs", OnA07);

        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
        Assert.Equal(0, _server.Collector.Jobs.Count);
    }

    private async Task<HttpResponseMessage> Post(string token, string path, string json) =>
        await _server.Client(token).PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}
