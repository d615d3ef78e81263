using System.Globalization;
using System.Text.RegularExpressions;
using Metering.Simulation.Fleet;

namespace Metering.Collector.Demo;

/// <summary>What <c>metering demo</c> runs: one property per option, with the same defaults.</summary>
public sealed partial record DemoOptions
{
    /// <summary>Longest run accepted.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    /// <summary>Simulated time the job schedule spans (<c>--duration</c>).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Simulated seconds per real second (<c>--speed</c>).</summary>
    public double Speed { get; init; } = 60;

    /// <summary>Seed of the site and the schedule (<c>--seed</c>).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The collector's data directory (<c>--data</c>, alias <c>--data-dir</c>, as every command spells it); emptied at start when it holds an earlier demo.</summary>
    public string DataDirectory { get; init; } = Path.Combine("metering-data", "demo");

    /// <summary>Real time between progress lines (<c>--progress-s</c>).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Real time to wait, after the fleet stops, for the last intervals to be attributed (<c>--wait-s</c>).</summary>
    public TimeSpan AttributionTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Checks the options; throws naming the one that is wrong.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public DemoOptions Validate()
    {
        Require(Duration.TotalMilliseconds >= DemoSchedule.MinDurationMs && Duration <= MaxDuration, nameof(Duration), "--duration must be 1m..24h");
        Require(Speed is >= 1 and <= SimulationOptions.MaxSpeed, nameof(Speed), $"--speed must be 1..{SimulationOptions.MaxSpeed} (simulated seconds per real second)");
        Require(!string.IsNullOrWhiteSpace(DataDirectory), nameof(DataDirectory), "--data must name a directory");
        Require(ProgressInterval > TimeSpan.Zero, nameof(ProgressInterval), "--progress-s must be positive");
        Require(AttributionTimeout > TimeSpan.Zero, nameof(AttributionTimeout), "--wait-s must be positive");
        return this;
    }

    /// <summary>Reads a duration: <c>90s</c>, <c>10m</c>, <c>1h30m</c>, <c>2h</c>, or a number of seconds.</summary>
    /// <exception cref="FormatException">Not such a duration.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && double.IsFinite(plain) && plain >= 0)
        {
            return TimeSpan.FromSeconds(plain);
        }

        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || match.Length == 0 || text.Trim().Length == 0)
        {
            throw new FormatException($"'{text}' is not a duration like 90s, 10m, 1h30m or a number of seconds");
        }

        double Part(string group, double seconds) =>
            match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * seconds : 0;
        return TimeSpan.FromSeconds(Part("h", 3600) + Part("m", 60) + Part("s", 1));
    }

    private static void Require(bool condition, string option, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, option);
        }
    }

    [GeneratedRegex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
