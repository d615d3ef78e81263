namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// The shipped scripts run directly (no Slurm) with the environments slurmd gives them and the mistakes a site
/// makes: each still exits 0, sends what it can and logs why it sent less.
/// </summary>
public sealed class HookScriptTests : IDisposable
{
    private readonly MeteringStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public void The_prolog_sends_every_field_slurmd_gives_it()
    {
        var call = Assert.Single(RunOk("prolog", ("SLURM_JOB_ID", "12"), ("SLURMD_NODENAME", "gpu07"), ("SLURM_JOB_GPUS", "1,3"),
            ("SLURM_JOB_CPUS_PER_NODE", "16"), ("SLURM_JOB_USER", "alice"), ("SLURM_JOB_ACCOUNT", "physics")));

        Assert.Equal(["job", "start", "--id", "slurm:12", "--source", "slurm", "--node", "gpu07", "--start-ms"], call.Arguments.Take(9));
        Assert.Equal(["--gpus", "1,3", "--cpus", "16", "--user", "alice", "--project", "physics"], call.Arguments.Skip(10));
    }

    [Theory]
    [InlineData("", "", "", "")]
    [InlineData("0,1", "NoDevFiles", "0,1", "")]
    [InlineData("", "2,3", "2,3", "")]
    [InlineData("", "NoDevFiles", "", "")]
    [InlineData("", "", "", "8(x2)")]
    public void Gpus_and_cpus_are_sent_only_when_they_are_this_nodes(string jobGpus, string cudaVisible, string sentGpus, string cpusPerNode)
    {
        var call = Assert.Single(RunOk("prolog", ("SLURM_JOB_ID", "5"), ("SLURMD_NODENAME", "n1"), ("SLURM_JOB_GPUS", jobGpus),
            ("CUDA_VISIBLE_DEVICES", cudaVisible), ("SLURM_JOB_CPUS_PER_NODE", cpusPerNode)));

        Assert.Equal(sentGpus.Length == 0 ? null : sentGpus, call.Option("--gpus"));
        Assert.Equal(cpusPerNode.Length == 0 ? null : "8", call.Option("--cpus"));
    }

    [Theory]
    [InlineData("8(x2),4")]
    [InlineData("garbage")]
    public void Cpus_that_differ_between_nodes_are_left_to_the_reconciler(string cpusPerNode) =>
        Assert.Null(Assert.Single(RunOk("prolog", ("SLURM_JOB_ID", "5"), ("SLURM_JOB_CPUS_PER_NODE", cpusPerNode))).Option("--cpus"));

    [Theory]
    [InlineData("0:0", "completed", "0", "0")]
    [InlineData("3:0", "failed", "3", "0")]
    [InlineData("0:9", "failed", "0", "9")]
    [InlineData("", "completed", null, null)]
    [InlineData("256:0", "failed", null, null)]
    [InlineData("3:0:1", "failed", null, null)]
    [InlineData("x:1", "failed", null, null)]
    public void The_epilog_reports_the_outcome_and_exit_status_from_the_exit_code(string exitCode, string state, string? code, string? signal)
    {
        var call = Assert.Single(RunOk("epilog", ("SLURM_JOB_ID", "9"), ("SLURM_JOB_EXIT_CODE2", exitCode)));

        Assert.Equal(["job", "end", "--id", "slurm:9", "--end-ms"], call.Arguments.Take(5));
        Assert.Equal((state, code, signal), (call.Option("--state"), call.Option("--exit-code"), call.Option("--signal")));
    }

    [Theory]
    [InlineData("0", "slurm:12")]
    [InlineData("1", "slurm:12:run2")]
    [InlineData("02", "slurm:12:run3")]
    [InlineData("", "slurm:12")]
    [InlineData("999999999999999999999", "slurm:12")]
    [InlineData("x", "slurm:12")]
    public void The_prolog_of_a_requeued_jobs_later_run_reports_that_run(string restarts, string id) =>
        Assert.Equal(id, Assert.Single(RunOk("prolog", ("SLURM_JOB_ID", "12"), ("SLURM_JOB_RESTART_COUNT", restarts))).Option("--id"));

    [Theory]
    [InlineData("prolog")]
    [InlineData("epilog")]
    public void Without_a_job_id_nothing_is_sent(string hook)
    {
        Assert.Empty(RunOk(hook));
        Assert.Contains("no numeric SLURM_JOB_ID", _stub.HookLog(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("METERING_URL=http://x\nif then fi\n", "broken")]
    [InlineData("exit 1\n", "broken")]
    [InlineData(null, "missing")]
    public void A_broken_or_missing_env_file_is_logged_and_the_call_still_made(string? content, string status)
    {
        var envFile = Path.Combine(_stub.Directory, "site.env");
        if (content is not null)
        {
            File.WriteAllText(envFile, content);
        }

        Assert.Single(RunOk("prolog", [("SLURM_JOB_ID", "3"), ("METERING_SLURM_ENV", envFile)], writeEnv: false));
        Assert.Contains($"env file {envFile} {status}; using defaults", _stub.HookLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_metering_executable_is_logged_not_fatal()
    {
        Assert.Empty(RunOk("prolog", [("SLURM_JOB_ID", "4"), ("METERING_BIN", "/nonexistent/metering")], writeEnv: false));
        Assert.Contains("failed (rc 127), spooled: job start --id slurm:4", _stub.HookLog(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("666", null, "refused (mode 666: writable by group or others; chmod 600 it)")]
    [InlineData("620", null, "refused (mode 620: writable by group or others; chmod 600 it)")]
    [InlineData("602", null, "refused (mode 602: writable by group or others; chmod 600 it)")]
    [InlineData("600", "nobody", "refused (owned by uid 65534, not root)")]
    public void An_env_file_others_could_write_is_not_sourced_and_says_why(string mode, string? owner, string status)
    {
        var envFile = Path.Combine(_stub.Directory, "site.env");
        _stub.WriteEnvFile(envFile);
        Metering.Testing.ServerProcess.Run("chmod", $"{mode} {envFile}");
        if (owner is not null)
        {
            Metering.Testing.ServerProcess.Run("chown", $"{owner} {envFile}");
        }

        var call = Assert.Single(RunOk("prolog", [("SLURM_JOB_ID", "3"), ("METERING_SLURM_ENV", envFile)], writeEnv: false));

        Assert.Contains($"env file {envFile} {status}; using defaults", _stub.HookLog(), StringComparison.Ordinal);
        Assert.Equal("", call.Token);
    }

    [Theory]
    [InlineData("600")]
    [InlineData("644")]
    [InlineData("400")]
    public void An_env_file_only_root_can_write_is_sourced(string mode)
    {
        var envFile = Path.Combine(_stub.Directory, "site.env");
        _stub.WriteEnvFile(envFile);
        Metering.Testing.ServerProcess.Run("chmod", $"{mode} {envFile}");

        var call = Assert.Single(RunOk("prolog", [("SLURM_JOB_ID", "3"), ("METERING_SLURM_ENV", envFile)], writeEnv: false));

        Assert.Equal((MeteringStub.Url, MeteringStub.Token, MeteringStub.CaFile), (call.Url, call.Token, call.CaFile));
        Assert.DoesNotContain("env file", _stub.HookLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_newline_in_an_argument_cannot_forge_a_log_line()
    {
        const string forged = "2025-01-01T00:00:00+0000 metering-prolog: sent: job start --id slurm:999 --node gpu99";
        Run("prolog", [("SLURM_JOB_ID", "12"), ("SLURMD_NODENAME", "gpu07"), ("SLURM_JOB_USER", "alice\n" + forged), ("SLURM_JOB_ACCOUNT", "o'brien\r\u001b[2J")], writeEnv: true);

        var line = Assert.Single(_stub.HookLog().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^[0-9T:+-]+ metering-prolog: sent: job start --id slurm:12 --source slurm --node gpu07 --start-ms [0-9]+ ", line);
        Assert.EndsWith($" --user 'alice?{forged}' --project 'o'\\''brien??[2J'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_id_that_is_not_a_number_is_logged_quoted_on_one_line()
    {
        Assert.Empty(RunOk("epilog", ("SLURM_JOB_ID", "1\nFORGED")));

        var line = Assert.Single(_stub.HookLog().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("metering-epilog: no numeric SLURM_JOB_ID (got '1?FORGED'), nothing sent", line, StringComparison.Ordinal);
    }

    private IReadOnlyList<StubCall> RunOk(string hook, params (string Name, string Value)[] environment) => RunOk(hook, environment, writeEnv: true);

    private IReadOnlyList<StubCall> RunOk(string hook, (string Name, string Value)[] environment, bool writeEnv)
    {
        Run(hook, environment, writeEnv);
        return _stub.Calls();
    }

    private void Run(string hook, (string Name, string Value)[] environment, bool writeEnv) => HookProcess.Run(_stub, hook, environment, writeEnv);
}
