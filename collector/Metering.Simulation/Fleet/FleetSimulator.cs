using System.Security.Cryptography;
using Metering.Firmware.Core;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Mqtt;
using Metering.Firmware.Host.Virtual;
using Metering.Protocol;

namespace Metering.Simulation.Fleet;

/// <summary>
/// A fleet of virtual meters behind <c>metering sim</c> and the demo: each runs the real firmware core
/// (<see cref="VirtualMeter"/>) over register-level INA219s and Modbus PZEM-004Ts (<see cref="VirtualSensorFactory"/>)
/// measuring one node of a <see cref="Simulation.World"/>, and talks to a real broker over its own MQTT connection. The
/// fleet publishes each device's config as a technician would, ticks the meters on a few threads, reports progress and
/// knows the exact energy of every channel.
/// </summary>
public sealed class FleetSimulator : IAsyncDisposable
{
    private readonly FleetCounters _counters = new();
    private TickScheduler? _scheduler;
    private int _state; // 0 created, 1 started, 2 stopped

    /// <summary>
    /// Builds the fleet of <c>metering sim</c>: the seeded nodes of <see cref="FleetNodes"/>, ids, passwords, configs;
    /// nothing connects until <see cref="StartAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range (<see cref="SimulationOptions.Validate"/>).</exception>
    public FleetSimulator(SimulationOptions options)
        : this(options, new FleetClock(options.Speed))
    {
    }

    /// <summary>
    /// Builds a fleet whose nodes the caller's world defines (the demo's site): device <c>i</c> with id <c>id</c>
    /// meters <c>world.Nodes[i]</c> (its feeds and the rails of its first <see cref="SimulationOptions.Rails"/> GPUs)
    /// and is configured with <c>config(i, id)</c>. <see cref="SimulationOptions.Seed"/> then only seeds the meters.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, the clock runs at another speed than the options say, or the world has another number of nodes than devices.</exception>
    public FleetSimulator(SimulationOptions options, FleetClock clock, World world, Func<int, string, ConfigMessage> config)
    {
        options.Validate();
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(config);
        if (clock.Speed != options.Speed)
        {
            throw new ArgumentException($"the clock runs at {clock.Speed}x, the options say {options.Speed}x", nameof(clock));
        }

        if (world.Nodes.Count != options.Devices)
        {
            throw new ArgumentException($"the world has {world.Nodes.Count} nodes for {options.Devices} devices", nameof(world));
        }

        Options = options;
        Clock = clock;
        World = world;
        Devices = [.. Enumerable.Range(0, options.Devices).Select(i =>
        {
            var id = options.DeviceId(i);
            var password = options.DevicePassword ?? (options.GeneratePasswords ? GeneratePassword() : null);
            var configured = config(i, id);
            return configured.DeviceId == id
                ? new SimulatedDevice(i, id, password, world.MeterLoads(i, options.Rails, clock.StartUtcMilliseconds), configured, Clock)
                : throw new ArgumentException($"device {i}'s config names '{configured.DeviceId}', its id is '{id}'", nameof(config));
        })];
    }

    private FleetSimulator(SimulationOptions options, FleetClock clock)
        : this(options, clock, FleetNodes.World(options.Seed, options.Devices, clock.StartUtcMilliseconds),
            (i, id) => FleetNodes.Config(FleetNodes.Node(options.Seed, i).Spec, i, id, options.Rails, options.WindowSeconds))
    {
    }

    /// <summary>The options the fleet runs with.</summary>
    public SimulationOptions Options { get; }

    /// <summary>The clock every meter and load runs on.</summary>
    public FleetClock Clock { get; }

    /// <summary>The world the meters measure: device <c>i</c> meters <c>World.Nodes[i]</c>.</summary>
    public World World { get; }

    /// <summary>The meters, in id order.</summary>
    public IReadOnlyList<SimulatedDevice> Devices { get; }

    /// <summary>The device with id <paramref name="deviceId"/>.</summary>
    public SimulatedDevice Device(string deviceId) =>
        Devices.FirstOrDefault(d => d.DeviceId == deviceId) ?? throw new ArgumentException($"no device '{deviceId}' in the fleet", nameof(deviceId));

    /// <summary>
    /// Exact energy in joules on channel <paramref name="channelId"/> of <paramref name="deviceId"/> between two device
    /// timestamps (telemetry's end_ms): what the difference of the two counter readings should be.
    /// </summary>
    public double TruthJoules(string deviceId, int channelId, long fromUtcMilliseconds, long toUtcMilliseconds) =>
        Device(deviceId).TruthJoulesBetweenUtc(channelId, fromUtcMilliseconds, toUtcMilliseconds);

    /// <summary>
    /// Publishes the configs (unless told not to), then boots the meters and starts ticking them. Generated passwords
    /// (<see cref="SimulationOptions.GeneratePasswords"/>) must be in the broker's credentials file by then: the
    /// caller writes them (<c>metering sim --credentials-out</c> does).
    /// </summary>
    /// <exception cref="InvalidOperationException">The broker cannot be reached or refused a config.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("a fleet starts once");
        }

        if (Options.PublishConfig)
        {
            await ConfigPublisher.PublishAsync(Options, Devices, cancellationToken).ConfigureAwait(false);
        }

        foreach (var device in Devices)
        {
            var meterOptions = new MeterOptions { DeviceId = device.DeviceId, Password = device.Password, RandomSeed = unchecked((Options.Seed * 7919) + device.Index) };
            var sensed = device.Loads.ToDictionary(kv => kv.Key, kv => (ILoadProfile)new RunningEnergyLoad(kv.Value));
            device.Meter = new VirtualMeter(meterOptions, Clock, new VirtualSensorFactory(Clock, sensed),
                () => new CountingLink(new MqttNetLink(Options.BrokerHost, Options.BrokerPort), _counters));
        }

        _scheduler = new TickScheduler([.. Devices.Select(d => d.Meter!)], Options.Threads, Clock);
        _scheduler.Start();
    }

    /// <summary>
    /// Stops gracefully: stops ticking, gives the meters up to <see cref="SimulationOptions.DrainTimeout"/> to deliver
    /// the windows they hold (only their MQTT sessions run: no window closes meanwhile), then cuts their power, so the
    /// broker publishes each one's retained "offline" last will. The window in progress is not published.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        _scheduler?.Stop();
        var meters = Devices.Where(d => d.Meter is not null).Select(d => d.Meter!).ToList();
        var deadline = DateTime.UtcNow + Options.DrainTimeout;
        while (DateTime.UtcNow < deadline && meters.Any(m => m.Runtime.Queue.Count > 0))
        {
            foreach (var m in meters.Where(m => m.Runtime.Queue.Count > 0))
            {
                m.Runtime.Session.Step(m.Runtime);
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        foreach (var m in meters)
        {
            m.PowerOff();
        }
    }

    /// <summary>
    /// Starts, reports progress every <see cref="SimulationOptions.ProgressInterval"/> until the duration has passed in
    /// simulated time or <paramref name="cancellationToken"/> fires, then stops gracefully and reports once more.
    /// </summary>
    public async Task RunAsync(IProgress<FleetProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!cancellationToken.IsCancellationRequested && !DurationReached())
            {
                var left = Options.DurationSeconds > 0
                    ? TimeSpan.FromSeconds(Math.Max(0.01, (Options.DurationSeconds - Clock.SimulatedSeconds) / Options.Speed))
                    : TimeSpan.MaxValue;
                try
                {
                    await Task.Delay(left < Options.ProgressInterval ? left : Options.ProgressInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                progress?.Report(Progress());
            }
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
            progress?.Report(Progress());
        }
    }

    /// <summary>The fleet's state now.</summary>
    public FleetProgress Progress()
    {
        var runtimes = Devices.Where(d => d.Meter is not null).Select(d => d.Meter!.Runtime).ToList();
        return new FleetProgress(
            Clock.SimulatedSeconds,
            Devices.Count,
            runtimes.Count(r => r.Session.Connected),
            runtimes.Count(r => r.Config is not null),
            runtimes.Sum(r => r.WindowsClosed),
            Interlocked.Read(ref _counters.Telemetry),
            Interlocked.Read(ref _counters.Status),
            Interlocked.Read(ref _counters.Events),
            Interlocked.Read(ref _counters.Acknowledged),
            runtimes.Sum(r => (long)r.Queue.Count),
            runtimes.Sum(r => r.Queue.Dropped),
            runtimes.Sum(r => r.Session.Reconnects),
            runtimes.Sum(r => r.Session.FailedAttempts),
            _scheduler?.Faults ?? 0,
            (_state == 2 ? _scheduler?.MaxSamplingGapMicroseconds ?? 0 : _scheduler?.TakeRecentSamplingGapMicroseconds() ?? 0) / 1e6);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private bool DurationReached() => Options.DurationSeconds > 0 && Clock.SimulatedSeconds >= Options.DurationSeconds;

    private static string GeneratePassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
