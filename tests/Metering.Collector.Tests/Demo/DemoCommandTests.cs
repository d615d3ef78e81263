using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Demo;

/// <summary>`metering demo` refuses what it cannot run before starting anything, and says how to use it.</summary>
public sealed class DemoCommandTests
{
    [Theory]
    [InlineData("demo --duration 5s", "error: --duration must be 1m..24h")]
    [InlineData("demo --duration soon", "error: 'soon' is not a duration like 90s, 10m, 1h30m or a number of seconds")]
    [InlineData("demo --speed 0", "error: --speed must be 1..1000")]
    public void Wrong_options_exit_2_naming_the_option(string arguments, string message)
    {
        var (exit, output) = MeteringProcess.Run(Path.GetTempPath(), arguments);

        Assert.Equal(2, exit);
        Assert.Contains(message, output);
    }

    [Fact]
    public void A_data_directory_with_other_data_is_refused_untouched()
    {
        using var temp = new Storage.TempFolder();
        File.WriteAllText(temp.File("store.db"), "not a demo's");

        var (exit, output) = MeteringProcess.Run(temp.Path, $"demo --data-dir {temp.Path}");

        Assert.Equal(2, exit);
        Assert.Contains("was not made by `metering demo`", output);
        Assert.Equal("not a demo's", File.ReadAllText(temp.File("store.db")));
    }

    [Fact]
    public void Help_shows_the_options_and_an_example()
    {
        var (exit, output) = MeteringProcess.Run(Path.GetTempPath(), "demo --help");

        Assert.Equal(0, exit);
        Assert.Contains("Example: metering demo --duration 10m --speed 60 --seed 1", output);
        foreach (var option in new[] { "--duration", "--speed", "--seed", "--data-dir", "--progress-s", "--wait-s" })
        {
            Assert.Contains(option, output);
        }
    }
}
