using System.Diagnostics;
using System.Reflection;

namespace Metering.Collector.Tests.Cli;

/// <summary>
/// Runs the built `metering` (dotnet metering.dll) to completion with an exact argument list and environment: the
/// METERING_* variables of the test process are removed, and only those given are set.
/// </summary>
internal static class MeteringCommand
{
    /// <summary>The built metering.dll.</summary>
    public static readonly string Dll = typeof(MeteringCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MeteringDll").Value!;

    /// <summary>Runs `metering ARGS` in <paramref name="workingDirectory"/> with <paramref name="environment"/>.</summary>
    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        arguments.ToList().ForEach(info.ArgumentList.Add);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("METERING", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), $"metering {string.Join(' ', arguments)} did not finish");
        process.WaitForExit();
        return new Result(process.ExitCode, output, error.Result);
    }

    /// <summary>Exit code, standard output and standard error.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
