using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>The real `metering` executable as a process: started with arguments in a working directory, killed with SIGKILL or stopped with SIGINT.</summary>
internal sealed class MeteringProcess : IDisposable
{
    /// <summary>The metering executable's assembly, as built beside the tests.</summary>
    internal static readonly string Dll = typeof(MeteringProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MeteringDll").Value!;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private MeteringProcess(string workingDirectory, string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        _process = new Process { StartInfo = new ProcessStartInfo("dotnet", $"\"{Dll}\" {arguments}") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true } };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            _process.StartInfo.Environment[name] = value;
        }

        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts `metering ARGS` in <paramref name="workingDirectory"/>.</summary>
    public static MeteringProcess Start(string workingDirectory, string arguments) => new(workingDirectory, arguments);

    /// <summary>Runs `metering ARGS` to completion, with <paramref name="environment"/> added; returns the exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var p = new MeteringProcess(workingDirectory, arguments, environment);
        Assert.True(p._process.WaitForExit(TimeSpan.FromSeconds(60)), "metering " + arguments + " did not finish: " + p.Output);
        p._process.WaitForExit();
        return (p._process.ExitCode, p.Output);
    }

    /// <summary>Everything printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGINT, as Ctrl+C: a clean shutdown; returns the exit code.</summary>
    public int Interrupt()
    {
        Metering.Testing.ServerProcess.Run("kill", $"-INT {_process.Id}");
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(30)), "metering did not stop on SIGINT: " + Output);
        _process.WaitForExit(); // the timed wait does not wait for the redirected output to reach its end; this one does
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
