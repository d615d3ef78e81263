using System.Diagnostics;

namespace Metering.Testing;

/// <summary>
/// A real single-node Slurm 22.05 (Debian packages slurm-wlm, munge) for tests: munged, slurmctld and slurmd on
/// 127.0.0.1 (free ports, CommunicationParameters=NoCtldInAddrAny,NoInAddrAny), a temporary directory for keys,
/// state, spool and logs, four fake GPUs (distinct existing character devices in gres.conf), and PrologFlags=Alloc
/// with configurable node Prolog/Epilog. Started once per fixture (about 2 s, plus about 25 s the first time when the
/// packages must be installed); <see cref="Stop"/> cancels the jobs and stops the three daemons by PID.
/// README.md, "Slurm 22.05 on one machine", has what it takes.
/// </summary>
public sealed partial class SlurmCluster : IDisposable
{
    private readonly List<Process> _daemons = [];

    private SlurmCluster(SlurmClusterOptions options)
    {
        Options = options;
        Directory = Path.Combine(Path.GetTempPath(), $"metering-slurm-{Guid.NewGuid():N}");
        ControllerPort = FreePort.Next();
        NodePort = FreePort.Next();
        while (NodePort == ControllerPort)
        {
            NodePort = FreePort.Next();
        }
    }

    /// <summary>The options it was started with.</summary>
    public SlurmClusterOptions Options { get; }

    /// <summary>The temporary directory (etc/, munge/, spool/, log/, jobs/).</summary>
    public string Directory { get; }

    /// <summary>slurm.conf; every command here runs with SLURM_CONF set to it.</summary>
    public string ConfPath => Path.Combine(EtcDirectory, "slurm.conf");

    /// <summary>The directory of slurm.conf (the shipped hooks read metering-slurm.env from here).</summary>
    public string EtcDirectory => Path.Combine(Directory, "etc");

    /// <summary>The Slurm node name (what squeue and SLURMD_NODENAME say).</summary>
    public string NodeName => Options.NodeName;

    /// <summary>slurmctld's port on 127.0.0.1.</summary>
    public int ControllerPort { get; }

    /// <summary>slurmd's port on 127.0.0.1.</summary>
    public int NodePort { get; }

    /// <summary>Installs Slurm if needed, starts the daemons and waits until the node is idle.</summary>
    public static SlurmCluster Start(SlurmClusterOptions? options = null)
    {
        EnsureInstalled();
        var cluster = new SlurmCluster(options ?? new SlurmClusterOptions());
        try
        {
            cluster.Launch();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Cancels every job, waits (up to 20 s) until none holds the node, then stops slurmd, slurmctld and munged by
    /// PID (SIGTERM, SIGKILL after 10 s). Idempotent.
    /// </summary>
    public void Stop()
    {
        if (_daemons.Count == 0)
        {
            return;
        }

        CancelAllJobs(TimeSpan.FromSeconds(20));
        for (var i = _daemons.Count - 1; i >= 0; i--)
        {
            StopDaemon(_daemons[i]);
            _daemons[i].Dispose();
        }

        _daemons.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in /tmp; nothing runs from it any more.
        }
    }

    /// <summary>The daemons' logs, for failure messages.</summary>
    public string Logs()
    {
        var logs = new[] { "log/slurmctld.log", "log/slurmd.log", "munge/munged.log" };
        return string.Join("\n", logs.Select(l => Path.Combine(Directory, l)).Where(File.Exists)
            .Select(p => $"--- {p} (tail)\n{string.Join('\n', File.ReadLines(p).TakeLast(40))}"));
    }

    private void Launch()
    {
        WriteFiles();
        StartMunge();
        Spawn("slurmctld", "-D", "-f", ConfPath);
        Spawn("slurmd", "-D", "-N", NodeName, "-f", ConfPath);
        WaitUntil(() => NodeState() == "idle", TimeSpan.FromSeconds(30), () => $"node {NodeName} never became idle (state '{NodeState()}')");
    }

    private void StartMunge()
    {
        var munge = Path.Combine(Directory, "munge");
        Must("mungekey", "-c", "-k", Path.Combine(munge, "munge.key"), "-b", "1024");
        Must("chown", "-R", "munge:munge", munge, Path.Combine(Directory, "munge-run"));
        Must("chmod", "700", munge);
        Must("chmod", "755", Path.Combine(Directory, "munge-run")); // munged refuses a socket directory others can write
        Must("chmod", "400", Path.Combine(munge, "munge.key"));
        // setpriv execs munged in place, so the PID kept is munged's own.
        Spawn("setpriv", "--reuid=munge", "--regid=munge", "--init-groups", "/usr/sbin/munged", "--foreground",
            $"--key-file={munge}/munge.key", $"--socket={MungeSocket}", $"--pid-file={Directory}/munge-run/munged.pid",
            $"--log-file={munge}/munged.log", $"--seed-file={munge}/munged.seed");
        WaitUntil(() => File.Exists(MungeSocket), TimeSpan.FromSeconds(10), () => "munged created no socket");
    }

    private string MungeSocket => Path.Combine(Directory, "munge-run", "munge.socket");

    private void Spawn(string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(info.ArgumentList.Add);
        info.Environment["SLURM_CONF"] = ConfPath;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add(process);
        Thread.Sleep(100);
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{executable} exited at once with {process.ExitCode}.\n{Logs()}");
        }
    }

    private static void StopDaemon(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        ServerProcess.Run("kill", $"-TERM {process.Id}");
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            process.WaitForExit();
        }
    }
}
