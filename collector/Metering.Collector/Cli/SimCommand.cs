using System.CommandLine;
using System.Globalization;
using Metering.Collector.Mqtt;
using Metering.Simulation.Fleet;

namespace Metering.Collector.Cli;

/// <summary><c>metering sim</c>: a fleet of virtual meters running the real firmware core.</summary>
internal static class SimCommand
{
    /// <summary>PBKDF2 iterations of generated device passwords: mosquitto's default; they are 128-bit random secrets.</summary>
    public const int GeneratedPasswordIterations = 101;

    /// <summary>
    /// Writes every device's generated password into the broker's credentials file <paramref name="path"/> (other
    /// users in it are kept), before the fleet starts: the broker must know the devices before they connect.
    /// </summary>
    public static void WriteCredentials(FleetSimulator fleet, string path) =>
        CredentialsFile.AddOrReplace(path, [.. fleet.Devices.Select(d => (d.DeviceId, d.Password!))], GeneratedPasswordIterations);

    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = "Broker HOST:PORT.", DefaultValueFactory = _ => "127.0.0.1:1883" };
        var devices = new Option<int>("--devices") { Description = "Meters, one per simulated node.", DefaultValueFactory = _ => 10 };
        var prefix = new Option<string>("--prefix") { Description = "Device id prefix: ids are PREFIX-0001-a, ...", DefaultValueFactory = _ => "sim" };
        var rails = new Option<int>("--rails") { Description = "INA219 12 V GPU rails metered per node (0..4).", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Seed of the load mix (the same seed gives the same loads).", DefaultValueFactory = _ => 1 };
        var window = new Option<int>("--window-s") { Description = "Publish window written into every device config, seconds.", DefaultValueFactory = _ => 10 };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second.", DefaultValueFactory = _ => 1 };
        var duration = new Option<double>("--duration-s") { Description = "Simulated seconds to run; 0 until Ctrl+C.", DefaultValueFactory = _ => 0 };
        var username = new Option<string?>("--username") { Description = "Account that publishes the configs (a service account on a broker with credentials)." };
        var password = new Option<string?>("--password") { Description = "Its password." };
        var devicePassword = new Option<string?>("--device-password") { Description = "One password shared by every device." };
        var credentialsOut = new Option<string?>("--credentials-out") { Description = "Generate a password per device into this credentials file." };
        var noConfig = new Option<bool>("--no-config") { Description = "Do not publish configs (they are already retained at the broker)." };
        var threads = new Option<int>("--threads") { Description = "Scheduler shards ticking the meters.", DefaultValueFactory = _ => 2 };
        var drainSeconds = new Option<double>("--drain-s") { Description = "At the stop, seconds the meters may deliver what they hold.", DefaultValueFactory = _ => 5 };
        var progressSeconds = new Option<double>("--progress-s") { Description = "Seconds between progress lines.", DefaultValueFactory = _ => 5 };
        var command = new Command("sim", """
            Runs a fleet of virtual meters: each is the real firmware core over virtual PZEM-004T meters (two PSU feeds)
            and INA219 12 V rails, with seeded GPU-like loads, publishing to any MQTT broker. Each device's config is
            published retained to metering/v1/{id}/config, as a technician would. Prints progress until --duration-s
            or Ctrl+C. collector/Metering.Simulation/README.md describes the nodes and the truth.
            Example: metering sim --broker 127.0.0.1:1883 --devices 100 --window-s 10
            """)
        {
            broker, devices, prefix, rails, seed, window, speed, duration, username, password, devicePassword, credentialsOut, noConfig, threads, drainSeconds, progressSeconds,
        };
        command.SetAction(async (p, cancel) =>
        {
            SimulationOptions options;
            try
            {
                var (host, port) = SimulationOptions.ParseBroker(p.GetValue(broker)!);
                options = new SimulationOptions
                {
                    BrokerHost = host, BrokerPort = port, Devices = p.GetValue(devices), Prefix = p.GetValue(prefix)!, Rails = p.GetValue(rails),
                    Seed = p.GetValue(seed), WindowSeconds = p.GetValue(window), Speed = p.GetValue(speed), DurationSeconds = p.GetValue(duration),
                    Username = p.GetValue(username), Password = p.GetValue(password), DevicePassword = p.GetValue(devicePassword),
                    GeneratePasswords = p.GetValue(credentialsOut) is not null, PublishConfig = !p.GetValue(noConfig), Threads = p.GetValue(threads),
                    DrainTimeout = TimeSpan.FromSeconds(p.GetValue(drainSeconds)),
                    ProgressInterval = TimeSpan.FromSeconds(p.GetValue(progressSeconds)),
                };
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                return CommonArguments.Fail(ex.Message);
            }

            await using var fleet = new FleetSimulator(options);
            if (p.GetValue(credentialsOut) is { } credentials)
            {
                WriteCredentials(fleet, credentials);
            }

            Console.WriteLine($"simulating {options.Devices} meters ({options.Prefix}-...) against {options.BrokerHost}:{options.BrokerPort}, window {options.WindowSeconds} s, speed {options.Speed}x");
            var progress = new Progress<FleetProgress>(f => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"t={f.SimulatedSeconds,8:F0} s  connected {f.Connected}/{f.Devices}  windows {f.WindowsClosed}  telemetry sent {f.TelemetryPublished}  acked {f.Acknowledged}  queued {f.QueuedWindows}  dropped {f.DroppedWindows}")));
            try
            {
                await fleet.RunAsync(progress, cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
            }

            var end = fleet.Progress();
            Console.WriteLine($"done: {end.TelemetryPublished} telemetry messages published, {end.Acknowledged} acknowledged, {end.DroppedWindows} windows dropped on devices");
            return 0;
        });
        return command;
    }
}
