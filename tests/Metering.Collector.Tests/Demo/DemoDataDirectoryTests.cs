using Metering.Collector.Demo;
using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Demo;

/// <summary>Each demo starts from an empty directory, and never deletes what it did not make.</summary>
public sealed class DemoDataDirectoryTests
{
    [Fact]
    public void A_new_directory_is_created_and_marked()
    {
        using var temp = new TempFolder();
        var dir = Path.Combine(temp.Path, "a", "demo");

        DemoDataDirectory.Prepare(dir);

        Assert.Equal([DemoDataDirectory.MarkerName], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void An_earlier_demo_s_directory_is_emptied()
    {
        using var temp = new TempFolder();
        DemoDataDirectory.Prepare(temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, "store.db"), "old");
        Directory.CreateDirectory(Path.Combine(temp.Path, "sub"));
        File.WriteAllText(Path.Combine(temp.Path, "sub", "x"), "old");

        DemoDataDirectory.Prepare(temp.Path);

        Assert.Equal([DemoDataDirectory.MarkerName], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_directory_with_other_data_is_refused_and_left_alone()
    {
        using var temp = new TempFolder();
        var precious = Path.Combine(temp.Path, "store.db");
        File.WriteAllText(precious, "production data");

        var ex = Assert.Throws<IOException>(() => DemoDataDirectory.Prepare(temp.Path));

        Assert.Contains("was not made by `metering demo`", ex.Message);
        Assert.Equal("production data", File.ReadAllText(precious));
    }
}
