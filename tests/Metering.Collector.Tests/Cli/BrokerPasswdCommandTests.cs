using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Cli;

/// <summary>`metering broker passwd` writes a credentials file where it is told, and never creates the directory for it.</summary>
public sealed class BrokerPasswdCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_path_in_a_missing_directory_is_refused_and_nothing_is_created()
    {
        var missing = Path.Combine(_dir.Path, "no-such-dir", "credentials");

        var refused = MeteringCommand.Run(_dir.Path, null, "broker", "passwd", missing, "rack12-node07-a", "--password", "s3cret");
        var written = MeteringCommand.Run(_dir.Path, null, "broker", "passwd", _dir.File("credentials"), "rack12-node07-a", "--password", "s3cret");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"the directory {Path.GetDirectoryName(missing)} does not exist", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.StartsWith("rack12-node07-a:", File.ReadAllText(_dir.File("credentials")), StringComparison.Ordinal);
    }
}
