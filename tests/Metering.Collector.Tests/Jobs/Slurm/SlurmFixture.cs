using Metering.Testing;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// One real single-node Slurm for every test in the "Slurm" collection (started once, stopped by PID at the end),
/// with the shipped Prolog/Epilog scripts installed as they are in the repository, and <c>metering</c> replaced by
/// a <see cref="MeteringStub"/> that the scripts find on PATH through metering-slurm.env beside slurm.conf.
/// </summary>
public sealed class SlurmFixture : IDisposable
{
    /// <summary>Starts Slurm with the shipped hooks and the stub in "record" mode.</summary>
    public SlurmFixture()
    {
        Stub = new MeteringStub();
        Cluster = SlurmCluster.Start(new SlurmClusterOptions
        {
            Prolog = Repo.Path("collector/Metering.Collector.Adapters/Slurm/scripts/metering-prolog.sh"),
            Epilog = Repo.Path("collector/Metering.Collector.Adapters/Slurm/scripts/metering-epilog.sh"),
        });
        Stub.WriteEnvFile(Path.Combine(Cluster.EtcDirectory, "metering-slurm.env"));
    }

    /// <summary>The cluster.</summary>
    public SlurmCluster Cluster { get; }

    /// <summary>The `metering` the hooks call.</summary>
    public MeteringStub Stub { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Cluster.Dispose();
        Stub.Dispose();
    }
}

/// <summary>The tests that share <see cref="SlurmFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SlurmCollection : ICollectionFixture<SlurmFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Slurm";
}
