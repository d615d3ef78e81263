using System.Globalization;
using System.Text.Json;
using Metering.Collector.Api;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Jobs.Slurm;
using Metering.Testing;

namespace Metering.Collector.Tests.Cli;

/// <summary>`metering job` as a real process against a real collector: the Slurm hooks' contract, token lookup, exit codes.</summary>
public sealed class JobCliTests : IAsyncLifetime
{
    private readonly string _data = Collectors.TempDirectory();
    private readonly string _cwd = Collectors.TempDirectory();
    private JobApiServer _server = null!;
    private Dictionary<string, string> _env = null!;

    public async Task InitializeAsync()
    {
        _server = await JobApiServer.StartAsync(JobApiServer.Options(_data));
        _env = new() { ["METERING_URL"] = _server.Url.ToString(), ["METERING_TOKEN"] = _server.Token(JobApiServer.Options(_data)) };
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_cwd, recursive: true);
    }

    [Fact]
    public void The_hooks_calls_store_what_their_contract_says_with_url_and_token_from_the_environment()
    {
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string[] start = ["job", "start", "--id", "slurm:4711", "--source", "slurm", "--node", "mnode1", "--start-ms", Ms(startMs),
            "--gpus", "0,2", "--cpus", "2", "--user", "root", "--project", "physics"];
        string[] end = ["job", "end", "--id", "slurm:4711", "--end-ms", Ms(startMs + 61_000), "--state", "failed"];

        var started = Run(start);
        var ended = Run(end);

        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.True(ended.ExitCode == 0, ended.ToString());
        var expected = HookCallContract.ToJob(new StubCall("", "", "", start));
        var stored = _server.Collector.Jobs.Find("slurm:4711")!;
        Assert.True(JobMergeRules.SameContent(JobMergeRules.End(expected, HookCallContract.ToEnd(new StubCall("", "", "", end)) with { By = JobEndSources.Admin })!, stored), stored.ToString());
        Assert.Equal("slurm:4711 running since " + Iso(startMs) + " on mnode1[gpus 0,2; 2 cpus]\n", started.Output);
        Assert.StartsWith("slurm:4711 failed ", ended.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_nodes_and_every_label_are_sent_and_a_second_start_fills_what_the_first_lacked()
    {
        var first = Run("job", "start", "--id", "train-7", "--node", "gpu-a07", "--node", "gpu-a08", "--gpus", "1,0", "--cpus", "16",
            "--name", "pretrain", "--user", "alice", "--project", "nlp", "--model", "llama-3-8b", "--purpose", "training");
        var second = Run("job", "start", "--id", "train-7", "--node", "gpu-a09", "--gpus", "3");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        var job = _server.Collector.Jobs.Find("train-7")!;
        Assert.Equal((JobSource.Api, "pretrain", "alice", "nlp", "llama-3-8b", "training"), (job.Source, job.Name, job.User, job.Project, job.Model, job.Purpose));
        Assert.Equal(["gpu-a07:0,1:16", "gpu-a08:0,1:16", "gpu-a09:3:0"], job.Allocations.Select(a => $"{a.NodeId}:{string.Join(',', a.GpuIndices)}:{a.CpuCores}"));
    }

    [Fact]
    public void Times_take_the_one_syntax_of_every_command_and_a_bad_one_is_one_line_naming_the_option()
    {
        var iso = Run("job", "start", "--id", "t-1", "--node", "n1", "--start", "2025-01-01T00:00:00Z");
        var ms = Run("job", "start", "--id", "t-2", "--node", "n1", "--start-ms", "1735689600000");
        var relative = Run("job", "end", "--id", "t-1", "--state", "completed", "--end", "-1m");
        var listed = Run("job", "list", "--from", "2024-12-31", "--to", "now", "--format", "json");
        var bad = Run("job", "start", "--id", "t-3", "--node", "n1", "--start-ms", "yesterday");

        Assert.True(iso.ExitCode == 0 && ms.ExitCode == 0 && relative.ExitCode == 0, iso + "\n" + ms + "\n" + relative);
        Assert.Equal((1_735_689_600_000L, 1_735_689_600_000L), (_server.Collector.Jobs.Find("t-1")!.StartMs, _server.Collector.Jobs.Find("t-2")!.StartMs));
        Assert.InRange(_server.Collector.Jobs.Find("t-1")!.EndMs!.Value, DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("t-2", listed.Output, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("error: --start: \"yesterday\" is not a time: use an ISO 8601 date or time", bad.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Nullable", bad.Output + bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_user_needs_only_the_collectors_data_directory_for_the_token()
    {
        var viaFlag = MeteringCommand.Run(_cwd, null, "job", "start", "--url", _server.Url.ToString(), "--data-dir", _data, "--id", "local-1", "--node", "n1");
        Directory.CreateDirectory(Path.Combine(_cwd, "metering-data"));
        File.Copy(new DataDirectory(_data).ApiToken, new DataDirectory(Path.Combine(_cwd, DataDirectory.DefaultRoot)).ApiToken);
        var viaDefault = MeteringCommand.Run(_cwd, new Dictionary<string, string> { ["METERING_URL"] = _server.Url.ToString() }, "job", "start", "--id", "local-2", "--node", "n1");

        Assert.True(viaFlag.ExitCode == 0, viaFlag.ToString());
        Assert.True(viaDefault.ExitCode == 0, viaDefault.ToString());
        Assert.NotNull(_server.Collector.Jobs.Find("local-2"));
    }

    [Fact]
    public void List_prints_the_apis_json_or_a_table_and_show_prints_the_job_with_its_summary()
    {
        Run("job", "start", "--id", "a-1", "--node", "n1", "--gpus", "0", "--user", "alice", "--project", "nlp", "--start-ms", "1735689600000");
        Run("job", "start", "--id", "b-2", "--node", "n2", "--project", "vision", "--start-ms", "1735689660000");
        Run("job", "end", "--id", "a-1", "--state", "completed", "--end-ms", "1735693262000");

        var json = Run("job", "list", "--format", "json");
        var table = Run("job", "list");
        var running = Run("job", "list", "--state", "running", "--format", "json");
        // The collector attributes the ended job and stores its summary (no meter on n1: no energy, method none); show prints it once drained.
        var show = Run("job", "show", "a-1");
        for (var tries = 0; tries < 100 && !show.Output.Contains("\"method\"", StringComparison.Ordinal); tries++)
        {
            Thread.Sleep(100);
            show = Run("job", "show", "a-1");
        }

        Assert.Equal(JobJson.WriteAll(_server.Collector.Jobs.All()) + "\n", json.Output);
        Assert.Equal(["b-2"], Ids(running.Output));
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ID", "STATE", "SOURCE", "USER", "PROJECT", "MODEL", "START", "(UTC)", "ELAPSED", "NODES"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["a-1", "completed", "api", "alice", "nlp", "-", "2025-01-01T00:00:00Z", "01:01:02", "n1[gpus", "0]"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["b-2", "running", "api", "-", "vision", "-", "2025-01-01T00:01:00Z", "running", "n2"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("2 jobs", lines[3]);
        using var shown = JsonDocument.Parse(show.Output);
        var summary = shown.RootElement.GetProperty("summary");
        Assert.Equal("a-1", shown.RootElement.GetProperty("id").GetString());
        Assert.Equal(("completed", "none", 0L, 3_662_000L), (summary.GetProperty("state").GetString(), summary.GetProperty("method").GetString(),
            summary.GetProperty("it_mj").GetInt64(), summary.GetProperty("duration_ms").GetInt64()));
    }

    [Theory]
    [InlineData("job start --node n1", "--id")]
    [InlineData("job start --id a --node n1 --gpus 0,x", "--gpus '0,x' must be distinct GPU indices")]
    [InlineData("job start --id a --node n1 --gpus 1,1", "--gpus '1,1' must be distinct GPU indices")]
    [InlineData("job start --id a/b --node n1", "--id 'a/b' is not a job id")]
    [InlineData("job start --id a --node n1 --source cron", "--source 'cron' is not one of slurm, api, run")]
    [InlineData("job start --id a --node n1 --start-ms soon", "soon")]
    [InlineData("job start --id a --node n1 --url ftp://collector", "--url / METERING_URL must be an http(s) URL, got 'ftp://collector'")]
    [InlineData("job start --id a --node n1 --timeout-s 0", "--timeout-s must be more than 0")]
    [InlineData("job end --id a --state running", "--state 'running' is not one of completed, failed, cancelled")]
    [InlineData("job end --id a", "--state")]
    [InlineData("job end --id a --state completed --colour red", "--colour")]
    [InlineData("job list --format xml", "--format 'xml' is not table or json")]
    public void Bad_arguments_exit_2_saying_what_is_wrong_without_calling_the_collector(string arguments, string reason)
    {
        var result = Run(arguments.Split(' '));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _server.Collector.Jobs.Count);
    }

    [Fact]
    public void An_unreachable_collector_exits_3_naming_the_url_after_its_timeout()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        var result = MeteringCommand.Run(_cwd, new Dictionary<string, string> { ["METERING_URL"] = url, ["METERING_TOKEN"] = "x" },
            "job", "start", "--id", "a", "--node", "n1", "--timeout-s", "1.5");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"the collector at {url}/ did not answer within 1.5 s", result.Error, StringComparison.Ordinal);
        Assert.Contains("cannot connect", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_call_exits_4_and_prints_the_collectors_reason()
    {
        var wrongToken = MeteringCommand.Run(_cwd, new Dictionary<string, string> { ["METERING_URL"] = _server.Url.ToString(), ["METERING_TOKEN"] = "not-the-token" },
            "job", "start", "--id", "a", "--node", "n1");
        var unknown = Run("job", "end", "--id", "never-started", "--state", "completed");
        var seconds = Run("job", "start", "--id", "a", "--node", "n1", "--start-ms", "1735689600");

        Assert.True(wrongToken.ExitCode == 4, wrongToken.ToString());
        Assert.Contains("401 Unauthorized: this call needs 'Authorization: Bearer TOKEN'", wrongToken.Error, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 4, unknown.ToString());
        Assert.Contains("404 Not Found: unknown job 'never-started'", unknown.Error, StringComparison.Ordinal);
        Assert.True(seconds.ExitCode == 4, seconds.ToString());
        Assert.Contains("400 Bad Request: start_ms: 1735689600 is out of range", seconds.Error, StringComparison.Ordinal);
        Assert.Equal(0, _server.Collector.Jobs.Count);
    }

    [Fact]
    public void Every_job_command_has_help_with_an_example()
    {
        foreach (var command in new[] { "job", "job start", "job end", "job list", "job show" })
        {
            var help = Run([.. command.Split(' '), "--help"]);
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Contains($"Example: metering {command}", help.Output, StringComparison.Ordinal);
        }
    }

    private MeteringCommand.Result Run(params string[] arguments) => MeteringCommand.Run(_cwd, _env, arguments);

    private static string Ms(long ms) => ms.ToString(CultureInfo.InvariantCulture);

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string[] Ids(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(j => j.GetProperty("id").GetString()!)];
    }
}
