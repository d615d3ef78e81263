using Metering.Testing;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// A real single-node Slurm whose node Prolog/Epilog are the shipped scripts calling the real, built `metering` CLI
/// (through a two-line wrapper that runs metering.dll with dotnet, named by METERING_BIN in the hooks' env file), for
/// tests in which the hooks talk to a running collector.
/// </summary>
public sealed class SlurmCollectorFixture : IDisposable
{
    /// <summary>Starts Slurm with the shipped hooks; the env file is written by each test (<see cref="PointHooksAt"/>).</summary>
    public SlurmCollectorFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"metering-slurm-cli-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        var dotnet = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("dotnet is not on PATH");
        File.WriteAllText(Bin, $"""
            #!/bin/sh
            # slurmd runs its hooks with an almost empty environment: give dotnet a home.
            HOME=${"{"}HOME:-{Directory}{"}"} DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 exec {dotnet} {Cli.MeteringCommand.Dll} "$@"

            """);
        ServerProcess.Run("chmod", $"755 {Bin}");
        Cluster = SlurmCluster.Start(new SlurmClusterOptions
        {
            Prolog = Repo.Path("collector/Metering.Collector.Adapters/Slurm/scripts/metering-prolog.sh"),
            Epilog = Repo.Path("collector/Metering.Collector.Adapters/Slurm/scripts/metering-epilog.sh"),
        });
    }

    /// <summary>The cluster.</summary>
    public SlurmCluster Cluster { get; }

    /// <summary>The fixture's own directory (wrapper, hook log).</summary>
    public string Directory { get; }

    /// <summary>The `metering` wrapper the hooks run.</summary>
    public string Bin => Path.Combine(Directory, "metering");

    /// <summary>The hooks' log (METERING_LOG); the CLI's own output is appended to it too.</summary>
    public string HookLogPath => Path.Combine(Directory, "hooks.log");

    /// <summary>The hooks' spool (METERING_SPOOL_DIR).</summary>
    public string SpoolDirectory => Path.Combine(Directory, "spool");

    /// <summary>The hooks' log so far.</summary>
    public string HookLog() => File.Exists(HookLogPath) ? File.ReadAllText(HookLogPath) : "";

    /// <summary>
    /// Writes the hooks' env file as Slurm/README.md (collector/Metering.Collector.Adapters) tells an admin to ("Installing the hooks"): the collector's
    /// URL and token (the node's own token), the certificate to trust for https, the real CLI, the call's time bound and
    /// the log; owned by root and not writable by others, or the hooks refuse it. The hooks read it at every run.
    /// Their spool is <paramref name="spoolDirectory"/> when given (a test's own, so that calls an earlier test left
    /// waiting are not replayed into its collector), else <see cref="SpoolDirectory"/>.
    /// </summary>
    public void PointHooksAt(Uri url, string token, int timeoutSeconds, string? caFile = null, string? spoolDirectory = null)
    {
        var path = Path.Combine(Cluster.EtcDirectory, "metering-slurm.env");
        File.WriteAllText(path, $"""
            METERING_URL={url}
            METERING_TOKEN={token}
            {(caFile is null ? "" : "METERING_CA_FILE=" + caFile)}
            METERING_BIN={Bin}
            METERING_TIMEOUT_S={timeoutSeconds}
            METERING_LOG={HookLogPath}
            METERING_SPOOL_DIR={spoolDirectory ?? SpoolDirectory}

            """);
        ServerProcess.Run("chmod", $"600 {path}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Cluster.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// The tests that share <see cref="SlurmCollectorFixture"/>. Not run in parallel with other collections: a job's hooks
/// start the CLI, and a loaded machine would stretch the time bounds the hooks are given.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlurmCollectorCollection : ICollectionFixture<SlurmCollectorFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Slurm with the collector";
}
