namespace Metering.Testing;

/// <summary>How <see cref="SlurmCluster"/> configures its single node.</summary>
public sealed record SlurmClusterOptions
{
    /// <summary>The node Prolog (slurm.conf Prolog=, an absolute path to an executable), or null for none.</summary>
    public string? Prolog { get; init; }

    /// <summary>The node Epilog (slurm.conf Epilog=), or null for none.</summary>
    public string? Epilog { get; init; }

    /// <summary>
    /// The Slurm node name. Deliberately not the host name (slurmd runs with -N): hooks must report SLURMD_NODENAME,
    /// which is what squeue lists.
    /// </summary>
    public string NodeName { get; init; } = "mnode1";

    /// <summary>CPUs the node declares (slurmd accepts more than the machine has: SlurmdParameters=config_overrides).</summary>
    public int Cpus { get; init; } = 8;

    /// <summary>How long slurmctld keeps finished jobs visible to squeue (MinJobAge), seconds.</summary>
    public int MinJobAgeSeconds { get; init; } = 300;
}
