using System.Globalization;
using Metering.Protocol;

namespace Metering.Simulation.Fleet;

/// <summary>
/// What <c>metering sim</c> runs: one property per command-line option, with the same defaults (README.md in this
/// folder lists them). Validated before anything connects.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Highest fleet size accepted.</summary>
    public const int MaxDevices = 100_000;

    /// <summary>Highest speed-up accepted (README: above about 20 the rails are sampled too sparsely to be accurate).</summary>
    public const double MaxSpeed = 1000;

    /// <summary>Broker host (<c>--broker HOST:PORT</c>).</summary>
    public string BrokerHost { get; init; } = "127.0.0.1";

    /// <summary>Broker port (<c>--broker HOST:PORT</c>).</summary>
    public int BrokerPort { get; init; } = 1883;

    /// <summary>Simulated meters, one per node (<c>--devices</c>).</summary>
    public int Devices { get; init; } = 10;

    /// <summary>Device ids are <c>{prefix}-{0001}-a</c> (<c>--prefix</c>).</summary>
    public string Prefix { get; init; } = "sim";

    /// <summary>INA219 12 V GPU rails metered per node, 0..<see cref="FleetNodes.GpusPerNode"/> (<c>--rails</c>).</summary>
    public int Rails { get; init; } = 2;

    /// <summary>Seed of the load mix: the same seed gives the same loads (<c>--seed</c>).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Publish window written into each device's config (<c>--window-s</c>).</summary>
    public int WindowSeconds { get; init; } = ConfigMessage.DefaultWindowSeconds;

    /// <summary>Simulated seconds per real second (<c>--speed</c>).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Simulated seconds to run; 0 runs until cancelled (<c>--duration-s</c>).</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Account that publishes the configs, as a technician would (<c>--username</c>); null: anonymous.</summary>
    public string? Username { get; init; }

    /// <summary>Password of <see cref="Username"/> (<c>--password</c>).</summary>
    public string? Password { get; init; }

    /// <summary>One password for every device (<c>--device-password</c>); null: none, or generated with <see cref="GeneratePasswords"/>.</summary>
    public string? DevicePassword { get; init; }

    /// <summary>
    /// Gives every device a random password (<c>--credentials-out FILE</c>, which writes them into the broker's
    /// credentials file before the meters start).
    /// </summary>
    public bool GeneratePasswords { get; init; }

    /// <summary>Publish each device's config, retained, before the meters start (<c>--no-config</c> turns it off).</summary>
    public bool PublishConfig { get; init; } = true;

    /// <summary>Scheduler threads of each kind (sampling, service) ticking the meters (<c>--threads</c>).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>
    /// How long <see cref="FleetSimulator.StopAsync"/> lets the meters deliver the windows they hold before it cuts their
    /// power (no window closes meanwhile).
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often <see cref="FleetSimulator.RunAsync"/> reports progress (<c>--progress-s</c>).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The id of device <paramref name="index"/> (0-based): <c>sim-0001-a</c>, wider when the fleet needs it.</summary>
    public string DeviceId(int index)
    {
        var width = Math.Max(4, Devices.ToString(CultureInfo.InvariantCulture).Length);
        return $"{Prefix}-{(index + 1).ToString("D" + width, CultureInfo.InvariantCulture)}-a";
    }

    /// <summary>Reads <c>HOST:PORT</c>, <c>HOST</c> (port 1883) or <c>[IPv6]:PORT</c>.</summary>
    /// <exception cref="FormatException">Not a host and port.</exception>
    public static (string Host, int Port) ParseBroker(string text)
    {
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var end = text.IndexOf(']', StringComparison.Ordinal);
            var rest = end < 0 ? "" : text[(end + 1)..];
            if (end < 0 || (rest.Length > 0 && rest[0] != ':'))
            {
                throw new FormatException($"'{text}' is not [IPv6]:PORT");
            }

            host = text[1..end];
            port = rest.Length > 0 ? rest[1..] : null;
        }
        else if (text.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 && colon == text.LastIndexOf(':'))
        {
            (host, port) = (text[..colon], text[(colon + 1)..]);
        }
        else
        {
            host = text; // a name, an IPv4 address or a bare IPv6 address: the default port
        }

        if (host.Length == 0)
        {
            throw new FormatException($"'{text}' names no host");
        }

        if (port is null)
        {
            return (host, 1883);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
            ? (host, number)
            : throw new FormatException($"'{text}' is not HOST:PORT with a port of 1..65535");
    }

    /// <summary>Checks the options; throws naming the one that is wrong.</summary>
    /// <exception cref="ArgumentException">An option is out of range or contradicts another.</exception>
    public void Validate()
    {
        Require(BrokerHost.Length > 0, nameof(BrokerHost), "must name a host");
        Require(BrokerPort is >= 1 and <= 65535, nameof(BrokerPort), "must be 1..65535");
        Require(Devices is >= 1 and <= MaxDevices, nameof(Devices), $"must be 1..{MaxDevices}");
        Require(Metering.Protocol.DeviceId.IsValid(Prefix) && Metering.Protocol.DeviceId.IsValid(DeviceId(Devices - 1)), nameof(Prefix),
            $"must be a-z, 0-9 and '-', short enough that '{DeviceId(Devices - 1)}' has at most {ProtocolLimits.MaxDeviceIdLength} characters");
        Require(Rails is >= 0 and <= FleetNodes.GpusPerNode, nameof(Rails), $"must be 0..{FleetNodes.GpusPerNode} (GPUs per simulated node)");
        Require(WindowSeconds is >= 1 and <= 3600, nameof(WindowSeconds), "must be 1..3600 (the contract's window_s)");
        Require(Speed is > 0 and <= MaxSpeed, nameof(Speed), $"must be above 0 and at most {MaxSpeed}");
        Require(DurationSeconds >= 0 && double.IsFinite(DurationSeconds), nameof(DurationSeconds), "must be 0 (until cancelled) or positive");
        Require(Threads is >= 1 and <= 64, nameof(Threads), "must be 1..64");
        Require(DevicePassword is null || !GeneratePasswords, nameof(DevicePassword), "give a shared device password or generate passwords, not both");
        Require(Password is null || Username is not null, nameof(Password), "a password needs a username");
        Require(ProgressInterval > TimeSpan.Zero, nameof(ProgressInterval), "must be positive");
        Require(DrainTimeout >= TimeSpan.Zero, nameof(DrainTimeout), "must not be negative");
    }

    private static void Require(bool condition, string option, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{option} {message}", option);
        }
    }
}
