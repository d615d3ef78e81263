using Metering.Collector.Cli;
using Metering.Collector.Reports;

namespace Metering.Collector.Tests.Reports;

/// <summary>The command's errors and outputs: exit codes 2 (arguments, settings), 3 (store unreadable), 4 (nothing stored).</summary>
public sealed class ReportCommandTests(StoredSite site) : IClassFixture<StoredSite>, IDisposable
{
    private readonly Storage.TempFolder _dir = new();

    private ReportFixture F => site.Fixture;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unknown_job_exits_4_naming_the_id()
    {
        var (code, output, error) = await ReportCli.RunAsync("job", "slurm:9999", "--data", F.DataDirectory);
        Assert.Equal((4, string.Empty), (code, output));
        Assert.Contains("job \"slurm:9999\" is not in the store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_metering_executable_runs_the_report_command()
    {
        var (code, output) = EndToEnd.MeteringProcess.Run(_dir.Path, $"report job slurm:4711 --data \"{F.DataDirectory}\"");
        Assert.True(code == 0, output);
        Assert.Equal("slurm:4711", TableText.Rows(output)[0]["JobID"]);

        (code, output) = EndToEnd.MeteringProcess.Run(_dir.Path, $"report job slurm:9999 --data \"{F.DataDirectory}\"");
        Assert.Equal(4, code);
        Assert.Contains("error: job \"slurm:9999\" is not in the store", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("project", "no-such-project", "no job of project \"no-such-project\" started in")]
    [InlineData("user", "mallory", "no job of user \"mallory\" started in")]
    [InlineData("node", "gpu-z99", "nothing is stored for node \"gpu-z99\" in [2025-02-19T21:20:00Z, 2025-02-19T22:20:00Z)")]
    public async Task Nothing_stored_for_a_label_or_node_exits_4(string kind, string key, string message)
    {
        var (code, _, error) = await ReportCli.RunAsync(kind, key, "--from", "2025-02-19T21:20Z", "--to", "2025-02-19T22:20Z", "--data", F.DataDirectory);
        Assert.Equal(4, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_range_the_message_says_at_any_time()
    {
        var (code, _, error) = await ReportCli.RunAsync("model", "gpt-9", "--data", F.DataDirectory);
        Assert.Equal((4, "error: no job of model \"gpt-9\" started at any time"), (code, error.Trim()));
    }

    [Theory]
    [InlineData("project", "climate-llm", "--from", "2025-02-20", "--to", "2025-02-19", "the range is empty: --from (2025-02-20T00:00:00Z) must be before --to (2025-02-19T00:00:00Z)")]
    [InlineData("node", "gpu-a01", "--from", "2025-02-19T21:20Z", "--to", "2025-02-19T21:20Z", "the range is empty")]
    [InlineData("model", "llama-3-8b", "--from", "last week", "--to", "now", "--from: \"last week\" is not a time")]
    public async Task An_empty_or_unreadable_range_exits_2(string kind, string key, string fromName, string from, string toName, string to, string message)
    {
        var (code, _, error) = await ReportCli.RunAsync(kind, key, fromName, from, toName, to, "--data", F.DataDirectory);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_InfluxDB_2_sink_is_refused_with_why_exit_3()
    {
        var config = _dir.File("appsettings.json");
        await File.WriteAllTextAsync(config, """{ "Storage": { "Sink": "influxdb2", "InfluxV2": { "Url": "http://127.0.0.1:9", "Token": "t", "Org": "o", "Bucket": "b" } } }""");
        var (code, _, error) = await ReportCli.RunAsync("job", "slurm:4711", "--config", config, "--data", F.DataDirectory);
        Assert.Equal(3, code);
        Assert.Contains("InfluxDB 2.x/3.x has no reader here", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_without_a_store_exits_3_and_creates_nothing()
    {
        var (code, _, error) = await ReportCli.RunAsync("job", "slurm:4711", "--data", _dir.Path);
        Assert.Equal(3, code);
        Assert.Contains("no store at " + _dir.File("store.db"), error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("store.db")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_store_exits_3()
    {
        await File.WriteAllTextAsync(_dir.File("store.db"), "not a database, just text that is long enough to have a header page of its own........");
        var (code, _, error) = await ReportCli.RunAsync("job", "slurm:4711", "--data", _dir.Path);
        Assert.Equal(3, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_format_is_refused_by_the_parser()
    {
        var (code, _, error) = await ReportCli.RunAsync("job", "slurm:4711", "--format", "pdf", "--data", F.DataDirectory);
        Assert.NotEqual(0, code);
        Assert.Contains("pdf", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_without_out_is_written_to_report_id_html_and_its_path_printed()
    {
        using StringWriter output = new(), error = new();
        var code = await ReportRunner.RunAsync(
            new ReportInvocation(ReportKind.Job, "slurm:4711", null, null, "html", null, null, F.DataDirectory, _dir.Path, DateTimeOffset.UtcNow),
            output, error, CancellationToken.None);
        Assert.True(code == 0, error.ToString());
        Assert.Equal(_dir.File("report-slurm_4711.html"), output.ToString().Trim());
        Assert.Contains("data:image/png;base64,", await File.ReadAllTextAsync(_dir.File("report-slurm_4711.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_writes_a_table_to_a_file_and_prints_its_path()
    {
        var path = _dir.File("t.txt");
        var printed = await ReportCli.OutputAsync(F, "job", "slurm:4712", "--out", path);
        Assert.Equal(path, printed.Trim());
        Assert.Equal(await ReportCli.OutputAsync(F, "job", "slurm:4712"), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task The_default_node_range_is_the_24_hours_before_to()
    {
        var to = ReportFixture.T0 + (5 * ReportFixture.Minute);
        var rows = TableText.Rows(await ReportCli.OutputAsync(F, "node", "gpu-a01", "--to", ReportUnits.Time(to)));
        Assert.Equal(ReportUnits.Elapsed(to - ReportFixture.FirstBucket), rows[^1]["Elapsed"]);
    }

    [Theory]
    [InlineData("job")]
    [InlineData("project")]
    [InlineData("model")]
    [InlineData("user")]
    [InlineData("node")]
    public async Task Every_subcommand_has_help_with_an_example(string kind)
    {
        var (code, output, _) = await ReportCli.RunAsync(kind, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Example: metering report " + kind + " ", output, StringComparison.Ordinal);
        Assert.Contains("--format", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("slurm:4711", "report-slurm_4711.html")]
    [InlineData("../../etc/passwd", "report-.._.._etc_passwd.html")]
    public void Default_html_names_keep_to_safe_characters(string id, string expected) =>
        Assert.Equal(expected, ReportRunner.DefaultFileName(new ReportRequest(ReportKind.Job, id, long.MinValue, long.MaxValue)));
}
