using System.Diagnostics;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>Runs a shipped hook script directly, with only the environment slurmd would give it, against a <see cref="MeteringStub"/>.</summary>
internal static class HookProcess
{
    /// <summary>
    /// Runs scripts/metering-<paramref name="hook"/>.sh (prolog, epilog, spool-flush) with <paramref name="environment"/> and
    /// the stub's log, binary and spool; with <paramref name="writeEnv"/>, the stub's env file too. Asserts it exits 0.
    /// </summary>
    public static void Run(MeteringStub stub, string hook, (string Name, string Value)[] environment, bool writeEnv = true)
    {
        var envFile = Path.Combine(stub.Directory, "metering-slurm.env");
        stub.WriteEnvFile(envFile);
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Repo.Path($"collector/Metering.Collector.Adapters/Slurm/scripts/metering-{hook}.sh"));
        info.Environment.Clear();
        info.Environment["METERING_LOG"] = stub.HookLogPath;
        info.Environment["METERING_BIN"] = Path.Combine(stub.Directory, "metering");
        info.Environment["METERING_SPOOL_DIR"] = stub.SpoolDirectory;
        if (writeEnv)
        {
            info.Environment["METERING_SLURM_ENV"] = envFile;
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the hook did not finish");
        Assert.True(process.ExitCode == 0, $"the hook exited {process.ExitCode}: {output}\n{stub.HookLog()}");
    }
}
