using System.CommandLine;
using System.Globalization;

namespace Metering.Collector.Bench;

/// <summary>
/// <c>metering bench load</c>: the virtual fleet against a real <c>metering serve</c> with its embedded broker, then an
/// audit of what the collector stored against what every meter did (<see cref="LoadRun"/>, <see cref="LoadAudit"/>).
/// Prints the figures and the verdict; exits 1 when the verdict fails.
/// </summary>
internal static class LoadBench
{
    public static Command Command()
    {
        var defaults = new LoadOptions();
        var devices = new Option<int>("--devices") { Description = "Virtual meters, one MQTT connection each.", DefaultValueFactory = _ => defaults.Devices };
        var window = new Option<int>("--window-s") { Description = "Their publish window, seconds.", DefaultValueFactory = _ => defaults.WindowSeconds };
        var duration = new Option<string>("--duration") { Description = "How long the meters run: 60s, 2m or seconds.", DefaultValueFactory = _ => "60s" };
        var rails = new Option<int>("--rails") { Description = "INA219 GPU rails per meter beside its two PZEM-004T feeds (0..4).", DefaultValueFactory = _ => defaults.Rails };
        var threads = new Option<int>("--threads") { Description = "Scheduler threads ticking the meters.", DefaultValueFactory = _ => defaults.Threads };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated nodes.", DefaultValueFactory = _ => defaults.Seed };
        var drain = new Option<string>("--drain") { Description = "After the run, how long the meters may deliver what they hold.", DefaultValueFactory = _ => "2m" };
        var collector = new Option<string?>("--collector") { Description = "Another metering.dll to run as the collector (an older build, to compare)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the collector's data directory (its store) after the run." };
        var set = new Option<string[]>("--set") { Description = "A collector setting, Section:Key=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("load", """
            Runs the virtual fleet (the real firmware core per meter) against a real `metering serve` with its embedded
            broker, lets the meters deliver what they hold, then audits the collector's store against every meter: each
            window stored, bridged or left on its meter at power-off; per channel the stored intervals equal the last
            counter minus the first. Prints the figures and a verdict (exit 1 when it fails).
            Example: metering bench load --devices 3000 --window-s 1 --duration 60s
            """)
        {
            devices, window, duration, rails, threads, seed, drain, collector, set, keep,
        };
        command.SetAction(async (p, cancel) =>
        {
            LoadOptions options;
            try
            {
                options = new LoadOptions
                {
                    Devices = p.GetValue(devices), WindowSeconds = p.GetValue(window), Duration = ParseDuration(p.GetValue(duration)!), Rails = p.GetValue(rails),
                    Threads = p.GetValue(threads), Seed = p.GetValue(seed), Drain = ParseDuration(p.GetValue(drain)!),
                    MeteringDll = p.GetValue(collector) is { } dll ? Path.GetFullPath(dll) : defaults.MeteringDll, CollectorSettings = p.GetValue(set) ?? [],
                    KeepData = p.GetValue(keep),
                };
                options.Validate();
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 2; // as every command reports a usage error (Cli may use Bench, not the other way round)
            }

            var report = await LoadRun.RunAsync(options, Console.Out, cancel);
            Console.WriteLine(report.Text());
            return report.Passed ? 0 : 1;
        });
        return command;
    }

    /// <summary>Reads <c>90s</c>, <c>2m</c>, <c>1h</c> or a number of seconds.</summary>
    /// <exception cref="FormatException">None of those.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = text.Length > 0 && char.IsLetter(text[^1]) ? (text[..^1], text[^1]) : (text, 's');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
        {
            throw new FormatException($"'{text}' is not a duration (60s, 2m, 1h or seconds)");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => throw new FormatException($"'{text}' is not a duration (60s, 2m, 1h or seconds)"),
        };
    }
}
