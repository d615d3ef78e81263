namespace Metering.Testing;

/// <summary>slurm.conf, gres.conf and the package install.</summary>
public sealed partial class SlurmCluster
{
    // Four distinct existing character devices stand in for GPUs: gres.conf rejects Count-only GPU lines.
    private static readonly string[] FakeGpuDevices = ["/dev/null", "/dev/zero", "/dev/full", "/dev/urandom"];

    private static readonly Lock InstallLock = new();

    /// <summary>The number of fake GPUs the node has.</summary>
    public static int GpuCount => FakeGpuDevices.Length;

    /// <summary>
    /// Installs slurm-wlm and munge with apt-get when slurmctld is missing (root only; about 25 s) and stops any
    /// daemon the packages started (by the PIDs their services wrote).
    /// </summary>
    public static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (File.Exists("/usr/sbin/slurmctld") && File.Exists("/usr/sbin/slurmd") && File.Exists("/usr/sbin/munged"))
            {
                return;
            }

            if (!ServerProcess.IsRoot)
            {
                throw new InvalidOperationException("Slurm is not installed and installing it needs root: apt-get install -y slurm-wlm munge");
            }

            var (code, output) = ServerProcess.Run("sh", "-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge\"");
            if (code != 0)
            {
                throw new InvalidOperationException($"apt-get install slurm-wlm munge failed ({code}):\n{output}");
            }

            foreach (var pidFile in new[] { "/run/munge/munged.pid", "/run/slurmctld.pid", "/run/slurmd.pid" })
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
                {
                    ServerProcess.Run("kill", $"-TERM {pid}");
                }
            }
        }
    }

    private void WriteFiles()
    {
        foreach (var sub in new[] { "etc", "munge", "munge-run", "spool/ctld", "spool/d", "log", "run", "jobs" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, sub));
        }

        var host = Environment.MachineName.Split('.')[0];
        var o = Options;
        var hooks = (o.Prolog is null ? "" : $"Prolog={o.Prolog}\n") + (o.Epilog is null ? "" : $"Epilog={o.Epilog}\n");
        File.WriteAllText(ConfPath, $"""
            ClusterName=metering
            SlurmctldHost={host}(127.0.0.1)
            SlurmUser=root
            SlurmdUser=root
            SlurmctldPort={ControllerPort}
            SlurmdPort={NodePort}
            CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
            AuthType=auth/munge
            AuthInfo=socket={MungeSocket}
            CredType=cred/munge
            StateSaveLocation={Directory}/spool/ctld
            SlurmdSpoolDir={Directory}/spool/d
            SlurmctldPidFile={Directory}/run/slurmctld.pid
            SlurmdPidFile={Directory}/run/slurmd.pid
            SlurmctldLogFile={Directory}/log/slurmctld.log
            SlurmdLogFile={Directory}/log/slurmd.log
            SlurmdParameters=config_overrides
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            GresTypes=gpu
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            MpiDefault=none
            ReturnToService=2
            MinJobAge={o.MinJobAgeSeconds}
            KillWait=5
            PrologEpilogTimeout=60
            SchedulerParameters=sched_min_interval=100000
            PrologFlags=Alloc
            {hooks}NodeName={o.NodeName} NodeHostname={host} NodeAddr=127.0.0.1 CPUs={o.Cpus} Boards=1 SocketsPerBoard=1 CoresPerSocket={o.Cpus} ThreadsPerCore=1 RealMemory=1000 Gres=gpu:{GpuCount} State=UNKNOWN
            PartitionName=debug Nodes={o.NodeName} Default=YES MaxTime=INFINITE State=UP

            """);
        File.WriteAllLines(Path.Combine(EtcDirectory, "gres.conf"), FakeGpuDevices.Select(d => $"NodeName={o.NodeName} Name=gpu File={d}"));
    }

    private static void Must(string executable, params string[] arguments)
    {
        var (code, output) = ServerProcess.Run(executable, string.Join(' ', arguments));
        if (code != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} failed ({code}): {output}");
        }
    }
}
