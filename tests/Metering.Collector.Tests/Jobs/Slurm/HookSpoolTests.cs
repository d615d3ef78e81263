using System.Text.RegularExpressions;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// No job lost to an outage: the shipped hooks spool a call the collector cannot take (root-only, bounded, durable),
/// replay it before their own next call, oldest first, and metering-spool-flush.sh replays what waits on a quiet node.
/// </summary>
public sealed partial class HookSpoolTests : IDisposable
{
    private readonly MeteringStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public void The_common_part_of_the_three_scripts_is_the_same_text()
    {
        var parts = new[] { "prolog", "epilog", "spool-flush" }
            .Select(h => Common().Match(File.ReadAllText(Repo.Path($"collector/Metering.Collector.Adapters/Slurm/scripts/metering-{h}.sh"))))
            .ToList();

        Assert.All(parts, p => Assert.True(p.Success, "a script lacks the '# >>> common' ... '# <<< common' block"));
        Assert.Single(parts.Select(p => p.Value).Distinct());
    }

    [Theory]
    [InlineData("fail", "failed (rc 1)")]
    [InlineData("hang", "timed out after 2s (rc 124)")]
    public void A_call_the_collector_cannot_take_is_spooled_and_replayed_first_by_the_next_hook(string mode, string outcome)
    {
        _stub.Mode = mode;
        Hook("prolog", ("SLURM_JOB_ID", "5"), ("SLURMD_NODENAME", "n1"));
        Hook("epilog", ("SLURM_JOB_ID", "5"));

        Assert.Equal(2, _stub.Spooled().Count);
        Assert.Matches($"metering-prolog: {Regex.Escape(outcome)}, spooled: job start --id slurm:5 ", _stub.HookLog());
        Assert.Matches("metering-epilog: spooled behind 1 waiting: job end --id slurm:5 ", _stub.HookLog());
        var spooledStart = _stub.CallsFor("slurm:5")[0];

        _stub.Mode = "record";
        Hook("prolog", ("SLURM_JOB_ID", "6"), ("SLURMD_NODENAME", "n1"));

        Assert.Empty(_stub.Spooled());
        var calls = _stub.Calls().Skip(_stub.Calls().Count - 3).ToList();
        Assert.Equal(["slurm:5 job start", "slurm:5 job end", "slurm:6 job start"], calls.Select(c => $"{c.Option("--id")} {c.Verb}"));
        Assert.Equal(spooledStart.Arguments, calls[0].Arguments);
        Assert.Contains("metering-prolog: replayed: job start --id slurm:5 ", _stub.HookLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_flusher_replays_what_waits_in_order_and_keeps_every_argument_as_it_was()
    {
        _stub.Mode = "fail";
        const string user = "o'brien \"x\" $(touch /tmp/pwned) `id` \\ ;";
        Hook("prolog", ("SLURM_JOB_ID", "7"), ("SLURMD_NODENAME", "n1"), ("SLURM_JOB_USER", user), ("SLURM_JOB_ACCOUNT", "ünï"));
        Hook("epilog", ("SLURM_JOB_ID", "7"), ("SLURM_JOB_EXIT_CODE2", "3:0"));
        var start = _stub.CallsFor("slurm:7")[0];

        _stub.Mode = "record";
        Hook("spool-flush");

        Assert.Empty(_stub.Spooled());
        var replayed = _stub.CallsFor("slurm:7").TakeLast(2).ToList();
        Assert.Equal(start.Arguments, replayed[0].Arguments);
        Assert.Equal(user, replayed[0].Option("--user"));
        Assert.Equal("ünï", replayed[0].Option("--project"));
        Assert.Equal(("job end", "3"), (replayed[1].Verb, replayed[1].Option("--exit-code")));
        Assert.Contains("metering-spool-flush: flushed: none of 2 left waiting", _stub.HookLog(), StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/pwned"));
    }

    [Fact]
    public void A_call_the_collector_refused_is_not_spooled()
    {
        _stub.Mode = "refuse";

        Hook("epilog", ("SLURM_JOB_ID", "8"));

        Assert.Empty(_stub.Spooled());
        Assert.Contains("metering-epilog: failed (rc 4): job end --id slurm:8 ", _stub.HookLog(), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_spool_is_created_for_root_alone_and_its_files_too()
    {
        _stub.Mode = "fail";

        Hook("prolog", ("SLURM_JOB_ID", "9"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_stub.SpoolDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Assert.Single(_stub.Spooled())));
    }

    [Theory]
    [InlineData("755", null, "refused (mode 755: open to group or others; chmod 700 it)")]
    [InlineData("770", null, "refused (mode 770: open to group or others; chmod 700 it)")]
    [InlineData("700", "nobody", "refused (owned by uid 65534, not root)")]
    public void A_spool_others_could_read_or_write_is_not_used_and_the_log_says_why(string mode, string? owner, string status)
    {
        Directory.CreateDirectory(_stub.SpoolDirectory);
        Metering.Testing.ServerProcess.Run("chmod", $"{mode} {_stub.SpoolDirectory}");
        if (owner is not null)
        {
            Metering.Testing.ServerProcess.Run("chown", $"{owner} {_stub.SpoolDirectory}");
        }

        _stub.Mode = "fail";
        Hook("prolog", ("SLURM_JOB_ID", "10"));

        Assert.Empty(_stub.Spooled());
        Assert.Contains($"metering-prolog: failed (rc 1), not spooled (spool {_stub.SpoolDirectory} {status}): job start --id slurm:10 ", _stub.HookLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void Past_its_bound_the_spool_takes_no_more_and_the_call_is_logged_as_lost()
    {
        _stub.Mode = "fail";

        Hook("prolog", ("SLURM_JOB_ID", "11"), ("METERING_SPOOL_MAX", "1"));
        Hook("epilog", ("SLURM_JOB_ID", "11"), ("METERING_SPOOL_MAX", "1"));

        Assert.Single(_stub.Spooled());
        Assert.Contains("metering-epilog: lost (spool full or unwritable): job end --id slurm:11 ", _stub.HookLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_spooled_file_that_is_not_a_job_start_or_end_is_dropped_with_a_word_not_run()
    {
        Directory.CreateDirectory(_stub.SpoolDirectory);
        Metering.Testing.ServerProcess.Run("chmod", $"700 {_stub.SpoolDirectory}");
        File.WriteAllText(Path.Combine(_stub.SpoolDirectory, "1000000000000.1.call"), "'dead-letters' '--limit' '1' ");

        Hook("spool-flush");

        Assert.Empty(_stub.Spooled());
        Assert.Empty(_stub.Calls());
        Assert.Contains("metering-spool-flush: replay refused (rc 2), dropped: dead-letters --limit 1", _stub.HookLog(), StringComparison.Ordinal);
    }

    private void Hook(string hook, params (string Name, string Value)[] environment) => HookProcess.Run(_stub, hook, environment);

    [GeneratedRegex("# >>> common.*# <<< common", RegexOptions.Singleline)]
    private static partial Regex Common();
}
