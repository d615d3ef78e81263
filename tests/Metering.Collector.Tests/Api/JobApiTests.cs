using System.Net;
using System.Text;
using System.Text.Json;
using Metering.Collector.Api;
using Metering.Collector.Attribution;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Metering.Collector.Storage;
using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Api;

/// <summary>The HTTP job API on a real collector and Kestrel: token, validation, idempotency, filters, summaries, estimates.</summary>
public sealed class JobApiTests : IAsyncLifetime
{
    private const string Start = """{"id":"train-1","user":"alice","project":"nlp","model":"llama-3-8b","allocations":[{"node":"gpu-a07","gpus":[0,1],"cpus":16}],"start_ms":1735689600000}""";
    private readonly string _data = Collectors.TempDirectory();
    private JobApiServer _server = null!;
    private HttpClient _writer = null!;

    public async Task InitializeAsync()
    {
        _server = await JobApiServer.StartAsync(JobApiServer.Options(_data));
        _writer = _server.Client(_server.Token(JobApiServer.Options(_data)));
    }

    public async Task DisposeAsync()
    {
        _writer.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-0123456789abcdef")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_write_without_the_right_token_is_401_and_changes_nothing(string? authorization)
    {
        using var http = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = Body(Start) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Bearer TOKEN", await Detail(response), StringComparison.Ordinal);
        Assert.Equal(0, _server.Collector.Jobs.Count);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/jobs")).StatusCode);
        Assert.Contains("metering_job_api_refused_total{reason=\"unauthorized\"} 1", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_generated_token_is_128_bits_of_hex_in_a_0600_file_logged_by_path_only_and_kept_across_restarts()
    {
        var path = new DataDirectory(_data).ApiToken;
        var token = ApiToken.Read(path);

        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains(Path.GetFullPath(path), _server.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, _server.Logs.Text, StringComparison.Ordinal);

        await _server.DisposeAsync();
        _server = await JobApiServer.StartAsync(JobApiServer.Options(_data));
        Assert.Equal(token, ApiToken.Read(path));
        Assert.Equal(HttpStatusCode.Created, (await _server.Client(token).PostAsync("/api/v1/jobs", Body(Start))).StatusCode);
    }

    [Fact]
    public async Task A_configured_token_is_the_one_accepted_and_no_file_is_written()
    {
        var data = Collectors.TempDirectory();
        var options = JobApiServer.Options(data);
        options.Jobs.Token = "configured-token-0123456789";
        await using var server = await JobApiServer.StartAsync(options);

        Assert.False(File.Exists(new DataDirectory(data).ApiToken));
        Assert.Equal(HttpStatusCode.Created, (await server.Client(options.Jobs.Token).PostAsync("/api/v1/jobs", Body(Start))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client(_server.Token(JobApiServer.Options(_data))).PostAsync("/api/v1/jobs", Body(Start))).StatusCode);
        Assert.DoesNotContain(options.Jobs.Token, server.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_and_end_answer_with_the_stored_job_and_repeating_them_is_200_with_the_same_job()
    {
        var first = await _writer.PostAsync("/api/v1/jobs", Body(Start));
        var again = await _writer.PostAsync("/api/v1/jobs", Body(Start));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var started = await first.Content.ReadAsStringAsync();
        Assert.Equal(started, await again.Content.ReadAsStringAsync());
        Assert.Equal(JobJson.Write(_server.Collector.Jobs.Find("train-1")!), started);
        using (var json = JsonDocument.Parse(started))
        {
            var job = json.RootElement;
            Assert.Equal(("train-1", "api", "alice", "running", 1_735_689_600_000), (job.GetProperty("id").GetString(), job.GetProperty("source").GetString(),
                job.GetProperty("user").GetString(), job.GetProperty("state").GetString(), job.GetProperty("start_ms").GetInt64()));
            Assert.Equal(JsonValueKind.Null, job.GetProperty("end_ms").ValueKind);
            Assert.Equal("""[{"node":"gpu-a07","gpus":[0,1],"cpus":16}]""", job.GetProperty("allocations").GetRawText());
        }

        var end = await _writer.PostAsync("/api/v1/jobs/train-1/end", Body("""{"end_ms":1735693200000,"state":"failed"}"""));
        var endAgain = await _writer.PostAsync("/api/v1/jobs/train-1/end", Body("""{"state":"completed"}"""));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (end.StatusCode, endAgain.StatusCode));
        var ended = _server.Collector.Jobs.Find("train-1")!;
        Assert.Equal((1_735_693_200_000L, JobState.Failed), (ended.EndMs, ended.State));
        Assert.Equal(JobJson.Write(ended), await endAgain.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _writer.PostAsync("/api/v1/jobs", Body(Start))).StatusCode);
        Assert.Equal(JobState.Failed, _server.Collector.Jobs.Find("train-1")!.State);
    }

    [Fact]
    public async Task An_unknown_job_is_404_naming_it()
    {
        var end = await _writer.PostAsync("/api/v1/jobs/nope/end", Body("""{"state":"completed"}"""));
        var get = await _writer.GetAsync("/api/v1/jobs/nope");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (end.StatusCode, get.StatusCode));
        Assert.Equal("unknown job 'nope'", await Detail(end));
        Assert.Equal("unknown job 'nope'", await Detail(get));
    }

    [Theory]
    [InlineData("/api/v1/jobs", "not json", "body: not JSON")]
    [InlineData("/api/v1/jobs", "", "body: not JSON")]
    [InlineData("/api/v1/jobs", """{"id":"bad id","allocations":[{"node":"n1"}]}""", "id: 'bad id' is not an id")]
    [InlineData("/api/v1/jobs", """{"id":"a","allocations":[{"node":"n1","gpus":[0,0]}]}""", "allocations[0].gpus[1]: GPU 0 appears twice")]
    [InlineData("/api/v1/jobs/train-1/end", """{"state":"done"}""", "state: 'done' is not one of completed, failed, cancelled")]
    [InlineData("/api/v1/estimates", """{"job":"train-1","node":"gpu-a07","from_ms":1735689600000,"to_ms":1735689610000,"watts":-5}""", "watts: -5 is out of range")]
    public async Task A_bad_request_is_400_with_a_reason_naming_the_field_and_changes_nothing(string path, string body, string reason)
    {
        await _writer.PostAsync("/api/v1/jobs", Body(Start));
        var before = JobJson.WriteAll(_server.Collector.Jobs.All());

        var response = await _writer.PostAsync(path, Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(reason, await Detail(response), StringComparison.Ordinal);
        Assert.Equal(before, JobJson.WriteAll(_server.Collector.Jobs.All()));
        Assert.Empty(_server.Collector.Jobs.EstimatesOn("gpu-a07", 0, long.MaxValue));
    }

    [Fact]
    public async Task A_node_the_inventory_does_not_know_is_accepted()
    {
        var response = await _writer.PostAsync("/api/v1/jobs", Body("""{"id":"a","allocations":[{"node":"not-in-any-inventory"}]}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("not-in-any-inventory", _server.Collector.Jobs.Find("a")!.Allocations.Single().NodeId);
    }

    [Fact]
    public async Task Jobs_are_listed_by_state_node_project_user_model_and_time()
    {
        var t = 1_735_689_600_000L;
        string Job(string id, string node, string project, string user, string model, long start) =>
            $$"""{"id":"{{id}}","project":"{{project}}","user":"{{user}}","model":"{{model}}","allocations":[{"node":"{{node}}"}],"start_ms":{{start}}}""";
        foreach (var body in new[]
        {
            Job("j1", "n1", "nlp", "alice", "llama", t), Job("j2", "n2", "nlp", "bob", "mistral", t + 10_000),
            Job("j3", "n1", "vision", "alice", "vit", t + 20_000),
        })
        {
            Assert.Equal(HttpStatusCode.Created, (await _writer.PostAsync("/api/v1/jobs", Body(body))).StatusCode);
        }

        await _writer.PostAsync("/api/v1/jobs/j1/end", Body($$"""{"state":"completed","end_ms":{{t + 5_000}}}"""));

        Assert.Equal(["j1", "j2", "j3"], await Ids(""));
        Assert.Equal(["j2", "j3"], await Ids("?state=running"));
        Assert.Equal(["j1"], await Ids("?state=completed"));
        Assert.Equal(["j1", "j3"], await Ids("?node=n1"));
        Assert.Equal(["j1", "j2"], await Ids("?project=nlp"));
        Assert.Equal(["j1", "j3"], await Ids("?user=alice"));
        Assert.Equal(["j2"], await Ids("?model=mistral"));
        Assert.Equal(["j2", "j3"], await Ids($"?from={t + 6_000}"));
        Assert.Equal(["j1"], await Ids($"?to={t + 10_000}"));
        Assert.Equal(["j1", "j2"], await Ids("?from=2025-01-01T00:00:01Z&to=2025-01-01T00:00:15Z"));
        Assert.Equal(["j3"], await Ids("?node=n1&state=running"));
        Assert.Equal(["j2", "j3"], await Ids("?limit=2"));

        foreach (var (query, reason) in new[]
        {
            ("?state=done", "state: 'done' is not one of"), ("?from=yesterday", "from: 'yesterday' is not a time"),
            ("?limit=0", "limit: must be 1..100000"), ("?owner=alice", "owner: unknown filter"), ($"?from={t}&to={t}", "to: must be after from"),
        })
        {
            var response = await _writer.GetAsync("/api/v1/jobs" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith(reason, await Detail(response), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_job_shows_its_stored_job_summary_point_and_null_before_there_is_one()
    {
        await _writer.PostAsync("/api/v1/jobs", Body(Start));
        using (var none = JsonDocument.Parse(await _writer.GetStringAsync("/api/v1/jobs/train-1")))
        {
            Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("summary").ValueKind);
        }

        var job = _server.Collector.Jobs.Find("train-1")!;
        var summary = AttributionPoints.JobSummaryPoint(job, new JobSummary(job.Id, job.Project, job.User, job.Model, job.Purpose, job.StartMs, EndMs: null,
            DurationMs: 30_000, ItMillijoules: 12_345_678, IdleMillijoules: 2_000_000, DynamicMillijoules: 10_345_678, FacilityMillijoules: 16_049_381,
            Co2eGrams: 0.82, MeanWatts: 411.5, PeakWatts: 640.25, MeterCoverage: 0.75, Method: AttributionMethod.Allocation, Buckets: 3,
            Flags: AttributionFlags.None));
        await _server.WritePointsAsync(summary);

        using var shown = JsonDocument.Parse(await _writer.GetStringAsync("/api/v1/jobs/train-1"));
        var fields = shown.RootElement.GetProperty("summary");
        Assert.Equal("train-1", shown.RootElement.GetProperty("id").GetString());
        Assert.Equal(summary.Fields.Select(f => f.Key).Order(StringComparer.Ordinal), fields.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var f in summary.Fields)
        {
            var value = fields.GetProperty(f.Key);
            object actual = f.Value switch
            {
                long => value.GetInt64(),
                double => value.GetDouble(),
                bool => value.GetBoolean(),
                _ => value.GetString()!,
            };
            Assert.Equal(f.Value, actual);
        }
    }

    [Fact]
    public async Task Estimates_need_a_known_job_and_a_repeated_post_adds_nothing()
    {
        await _writer.PostAsync("/api/v1/jobs", Body(Start));
        const string estimates = """
            [{"job":"train-1","node":"gpu-a07","from_ms":1735689600000,"to_ms":1735689610000,"watts":420.5},
             {"job":"train-1","node":"gpu-a07","from_ms":1735689610000,"to_ms":1735689620000,"watts":433}]
            """;

        var first = await _writer.PostAsync("/api/v1/estimates", Body(estimates));
        var repeat = await _writer.PostAsync("/api/v1/estimates", Body(estimates));
        var orphan = await _writer.PostAsync("/api/v1/estimates", Body("""{"job":"nope","node":"gpu-a07","from_ms":1735689600000,"to_ms":1735689610000,"watts":1}"""));
        var anonymous = await _server.Client().PostAsync("/api/v1/estimates", Body(estimates));

        Assert.Equal("""{"received":2,"added":2}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""{"received":2,"added":0}""", await repeat.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.NotFound, "unknown job 'nope'"), (orphan.StatusCode, await Detail(orphan)));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(
            [new PowerEstimate("train-1", "gpu-a07", 1_735_689_600_000, 1_735_689_610_000, 420.5), new PowerEstimate("train-1", "gpu-a07", 1_735_689_610_000, 1_735_689_620_000, 433)],
            _server.Collector.Jobs.EstimatesOn("gpu-a07", 0, long.MaxValue));
    }

    [Fact]
    public async Task Jobs_and_estimates_acknowledged_before_a_restart_are_there_after_it()
    {
        await _writer.PostAsync("/api/v1/jobs", Body(Start));
        await _writer.PostAsync("/api/v1/jobs", Body("""{"id":"still-running","source":"run","allocations":[{"node":"gpu-a08","gpus":[3]}],"start_ms":1735689700000}"""));
        await _writer.PostAsync("/api/v1/estimates", Body("""{"job":"train-1","node":"gpu-a07","from_ms":1735689600000,"to_ms":1735689610000,"watts":420.5}"""));
        await _writer.PostAsync("/api/v1/jobs/train-1/end", Body("""{"state":"completed","end_ms":1735693200000}"""));
        var before = await _writer.GetStringAsync("/api/v1/jobs");

        await _server.DisposeAsync();
        _server = await JobApiServer.StartAsync(JobApiServer.Options(_data));

        Assert.Equal(before, await _server.Client().GetStringAsync("/api/v1/jobs"));
        Assert.Contains("Jobs: 2 in ", _server.Logs.Text, StringComparison.Ordinal);

        // train-1 ended long before the attribution retention: jobs.db keeps it and its estimate; memory holds neither.
        Assert.Equal("completed", JsonDocument.Parse(await _server.Client().GetStringAsync("/api/v1/jobs/train-1")).RootElement.GetProperty("state").GetString());
        Assert.Contains("(1 held in memory, with 0 estimates)", _server.Logs.Text, StringComparison.Ordinal);
        Assert.Empty(_server.Collector.Jobs.EstimatesOn("gpu-a07", 0, long.MaxValue));
        await _server.DisposeAsync();
        using (var jobsDb = new SqliteJobPersistence(JobApiServer.Options(_data).Paths.Jobs))
        {
            Assert.Equal([new PowerEstimate("train-1", "gpu-a07", 1_735_689_600_000, 1_735_689_610_000, 420.5)], jobsDb.LoadEstimates());
        }

        _server = await JobApiServer.StartAsync(JobApiServer.Options(_data));
    }

    private async Task<string[]> Ids(string query)
    {
        using var json = JsonDocument.Parse(await _writer.GetStringAsync("/api/v1/jobs" + query));
        return [.. json.RootElement.EnumerateArray().Select(j => j.GetProperty("id").GetString()!)];
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString()!;
    }
}
