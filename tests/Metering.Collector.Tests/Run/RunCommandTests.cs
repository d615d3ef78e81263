using System.Diagnostics;
using System.Reflection;
using Metering.Collector.Tests.EndToEnd;
using Metering.Testing;

namespace Metering.Collector.Tests.Run;

/// <summary>
/// `metering run` as a process, without a collector: the wrapped command keeps the terminal, its exit code passes
/// through (127 when it cannot start), signals reach it, and the missing collector costs only a warning.
/// </summary>
public sealed class RunCommandTests
{
    private static readonly string NoCollectorUrl = $"http://127.0.0.1:{FreePort.Next()}";
    private static readonly string NoCollector = $"--url {NoCollectorUrl} --timeout-s 1";

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("exit 255", 255)]
    [InlineData("kill -TERM $$", 143)]
    public void The_command_s_exit_code_passes_through(string script, int exitCode)
    {
        var (exit, output) = MeteringProcess.Run(Path.GetTempPath(), $"run {NoCollector} -- sh -c \"{script}\"");

        Assert.Equal(exitCode, exit);
        Assert.Contains("did not answer within 1 s", output);
        Assert.Contains("the command runs without energy accounting", output);
    }

    [Fact]
    public void A_command_that_cannot_start_gives_127_and_says_why()
    {
        var (exit, output) = MeteringProcess.Run(Path.GetTempPath(), $"run {NoCollector} -- /nonexistent/metering-test-command --flag");

        Assert.Equal(127, exit);
        Assert.Contains("cannot run '/nonexistent/metering-test-command': No such file or directory", output);
    }

    [Fact]
    public async Task The_command_reads_metering_s_stdin_and_writes_to_its_stdout_and_stderr()
    {
        var dll = typeof(RunCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MeteringDll").Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "run", "--url", NoCollectorUrl, "--timeout-s", "1", "--", "sh", "-c", "read line; echo \"out:$line\"; echo err-line >&2" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.WriteLine("hello from stdin");
        process.StandardInput.Close();
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("out:hello from stdin\n", await stdout);
        Assert.StartsWith("metering: warning: could not register the job", await stderr, StringComparison.Ordinal);
        Assert.EndsWith("err-line\n", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGINT_to_metering_reaches_the_command_and_its_exit_code_comes_back()
    {
        using var temp = new Storage.TempFolder();
        var ready = temp.File("ready");
        using var run = MeteringProcess.Start(temp.Path, $"run {NoCollector} -- sh -c \"trap 'echo child-interrupted; exit 5' INT; touch {ready}; while :; do sleep 0.1; done\"");
        await Collectors.WaitUntilAsync(() => File.Exists(ready), TimeSpan.FromSeconds(60), "the command to start");

        var exit = run.Interrupt();

        Assert.Equal(5, exit);
        Assert.Contains("child-interrupted", run.Output);
    }

    [Fact]
    public void Without_a_command_it_explains_the_usage()
    {
        var (exit, output) = MeteringProcess.Run(Path.GetTempPath(), "run --node n1");

        Assert.NotEqual(0, exit);
        Assert.Contains("command", output);
    }
}
