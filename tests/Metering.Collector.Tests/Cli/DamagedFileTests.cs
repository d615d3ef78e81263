using Metering.Collector.Files;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Cli;

/// <summary>Every command reports a damaged file as one clear error (exit 2), never a stack trace.</summary>
public sealed class DamagedFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("inventory list", "inventory.json", "{ \"version\": 1, \"nodes\": [ { \"id\": 7 } ] }", "error: the inventory file is not valid")]
    [InlineData("inventory add-site lab", "inventory.json", "not json at all", "error: $: not valid JSON")]
    [InlineData("dead-letters", "collector.db", "this is not a SQLite database, only text that is long enough to have a header......", "error: a database cannot be read")]
    public void A_damaged_file_is_one_error_line(string command, string file, string content, string expected)
    {
        var data = new DataDirectory(_dir.File("data"));
        var path = Path.Combine(data.Root, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);

        var (exit, output) = MeteringProcess.Run(_dir.Path, $"{command} --data {data.Root}");

        Assert.True(exit == 2, $"exit {exit}: {output}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
