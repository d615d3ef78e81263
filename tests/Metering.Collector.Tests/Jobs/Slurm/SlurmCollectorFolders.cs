using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>A test of the collector with the real Slurm: the collector's data directory and the hooks' spool, each in a temporary folder removed afterwards.</summary>
public abstract class SlurmCollectorFolders : IDisposable
{
    /// <summary>The collector's data directory.</summary>
    protected string Data { get; } = Collectors.TempDirectory();

    /// <summary>Where the hooks spool what the collector cannot take (its folder is created by the hooks).</summary>
    protected string Spool { get; } = Path.Combine(Collectors.TempDirectory(), "spool");

    public void Dispose()
    {
        Directory.Delete(Data, recursive: true);
        Directory.Delete(Path.GetDirectoryName(Spool)!, recursive: true);
    }
}
