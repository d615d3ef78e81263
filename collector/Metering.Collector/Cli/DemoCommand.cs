using System.CommandLine;
using Metering.Collector.Demo;

namespace Metering.Collector.Cli;

/// <summary><c>metering demo</c>: the collector, a simulated 4-node GPU site and a job schedule, ending in a per-job table.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var defaults = new DemoOptions();
        var duration = new Option<string>("--duration") { Description = "Simulated time the job schedule spans: 90s, 10m, 1h30m (1m..24h).", DefaultValueFactory = _ => "10m" };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second (1..1000).", DefaultValueFactory = _ => defaults.Speed };
        var seed = new Option<int>("--seed") { Description = "Seed of the site and the job schedule (the same seed gives the same run).", DefaultValueFactory = _ => defaults.Seed };
        var dataDir = new Option<string>("--data", "--data-dir") { Description = "Data directory of the demo's collector; emptied first if an earlier demo made it.", DefaultValueFactory = _ => defaults.DataDirectory };
        var progress = new Option<double>("--progress-s") { Description = "Real seconds between progress updates.", DefaultValueFactory = _ => defaults.ProgressInterval.TotalSeconds };
        var wait = new Option<double>("--wait-s") { Description = "Real seconds to wait at the end for the last intervals to be attributed.", DefaultValueFactory = _ => defaults.AttributionTimeout.TotalSeconds };
        var command = new Command("demo", """
            Runs the whole system on one machine: the collector (embedded MQTT broker, SQLite, HTTP API on a free port),
            a simulated site of 4 GPU nodes whose meters run the real firmware core (two PZEM-004T PSU feeds and two
            INA219 12 V GPU rails per node), and a schedule of training, inference and short batch jobs registered with
            the collector as they start and end, with NVML-like power estimates. Shows progress, then waits until the
            run is attributed and prints each job's measured energy, facility energy, CO2e, method and coverage next to
            its true energy, and the site's measured energy against the truth. About 1 to 2 minutes with the defaults.
            Example: metering demo --duration 10m --speed 60 --seed 1
            """)
        {
            duration, speed, seed, dataDir, progress, wait,
        };
        command.SetAction(async (p, cancel) =>
        {
            DemoOptions options;
            try
            {
                options = new DemoOptions
                {
                    Duration = DemoOptions.ParseDuration(p.GetValue(duration)!),
                    Speed = p.GetValue(speed),
                    Seed = p.GetValue(seed),
                    DataDirectory = p.GetValue(dataDir)!,
                    ProgressInterval = TimeSpan.FromSeconds(p.GetValue(progress)),
                    AttributionTimeout = TimeSpan.FromSeconds(p.GetValue(wait)),
                }.Validate();
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                return CommonArguments.Fail(ex is ArgumentException { ParamName: { } name } a ? a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message);
            }

            try
            {
                return await new DemoRun(options, Console.Out, interactive: !Console.IsOutputRedirected).RunAsync(cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("demo cancelled");
                return 130;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                return CommonArguments.Fail(ex.Message);
            }
        });
        return command;
    }
}
