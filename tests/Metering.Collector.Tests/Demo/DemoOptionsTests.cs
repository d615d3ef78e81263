using Metering.Collector.Demo;

namespace Metering.Collector.Tests.Demo;

/// <summary>`metering demo`'s options: durations as people write them, and refusals that name the option.</summary>
public sealed class DemoOptionsTests
{
    [Theory]
    [InlineData("10m", 600)]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("2h", 7200)]
    [InlineData("1m30s", 90)]
    [InlineData("1.5m", 90)]
    [InlineData("180", 180)]
    [InlineData(" 3m ", 180)]
    public void Durations_read_as_hours_minutes_seconds_or_plain_seconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DemoOptions.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("ten minutes")]
    [InlineData("10x")]
    [InlineData("m")]
    [InlineData("-5")]
    [InlineData("5m10h")]
    public void Anything_else_is_refused_with_the_accepted_forms(string text)
    {
        var ex = Assert.Throws<FormatException>(() => DemoOptions.ParseDuration(text));
        Assert.Contains("90s, 10m, 1h30m", ex.Message);
    }

    [Theory]
    [InlineData(30, 60, "--duration must be 1m..24h")]
    [InlineData(90_000, 60, "--duration must be 1m..24h")]
    [InlineData(600, 0.5, "--speed must be 1..1000")]
    [InlineData(600, 5000, "--speed must be 1..1000")]
    public void Out_of_range_options_are_refused_naming_the_option(double durationSeconds, double speed, string message)
    {
        var options = new DemoOptions { Duration = TimeSpan.FromSeconds(durationSeconds), Speed = speed };
        var ex = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_ten_simulated_minutes_at_60x_into_metering_data_demo()
    {
        var options = new DemoOptions().Validate();
        Assert.Equal((TimeSpan.FromMinutes(10), 60.0, 1, Path.Combine("metering-data", "demo")), (options.Duration, options.Speed, options.Seed, options.DataDirectory));
    }
}
