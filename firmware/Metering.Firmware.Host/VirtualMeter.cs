using Metering.Firmware.Core;
using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Platform;
using Metering.Firmware.Core.Session;

namespace Metering.Firmware.Host;

/// <summary>
/// The real firmware core running on a desktop: a <see cref="MeterRuntime"/> over virtual sensors, any clock and any
/// MQTT link, looped on background threads like the ESP32's (<see cref="StartLoop"/>), or ticked by a
/// caller that runs many meters (<see cref="Tick"/>). Flash survives <see cref="Reboot"/>.
/// </summary>
public sealed class VirtualMeter : IDisposable
{
    private readonly MeterOptions _options;
    private readonly IClock _clock;
    private readonly ISensorFactory _sensors;
    private readonly Func<IMqttLink> _linkFactory;
    private Thread[] _threads = [];
    private volatile bool _stop;

    /// <summary>Creates the meter; <paramref name="linkFactory"/> makes a fresh link at every boot (a real reboot reconnects).</summary>
    public VirtualMeter(MeterOptions options, IClock clock, ISensorFactory sensors, Func<IMqttLink> linkFactory, IStorage? storage = null)
    {
        _options = options;
        _clock = clock;
        _sensors = sensors;
        _linkFactory = linkFactory;
        Storage = storage ?? new InMemoryStorage();
        Runtime = Boot();
    }

    /// <summary>The running firmware (replaced at every reboot).</summary>
    public MeterRuntime Runtime { get; private set; }

    /// <summary>The meter's flash.</summary>
    public IStorage Storage { get; }

    /// <summary>The current boot's MQTT link.</summary>
    public IMqttLink Link { get; private set; } = null!;

    /// <summary>The platform of the current boot (counts watchdog reboots).</summary>
    public HostPlatform Platform { get; private set; } = null!;

    /// <summary>One pass of the firmware's loop.</summary>
    public void Tick() => Runtime.Tick();

    /// <summary>
    /// Runs the firmware on two background threads, as the ESP32 shell does: sampling (never blocked by the network)
    /// and service (windows, MQTT, config, flash), pausing <paramref name="pause"/> between passes.
    /// </summary>
    public void StartLoop(TimeSpan? pause = null)
    {
        var wait = pause ?? TimeSpan.FromMilliseconds(2);
        _stop = false;
        _threads =
        [
            new Thread(() => Loop(() => Runtime.SampleDue(), wait)) { IsBackground = true, Name = "sample " + _options.DeviceId },
            new Thread(() => Loop(() => Runtime.Service(), wait)) { IsBackground = true, Name = "service " + _options.DeviceId },
        ];
        foreach (var t in _threads)
        {
            t.Start();
        }
    }

    private void Loop(Action pass, TimeSpan wait)
    {
        while (!_stop)
        {
            pass();
            Thread.Sleep(wait);
        }
    }

    /// <summary>Stops the loop without a clean MQTT disconnect (so the broker publishes the last will), like a power cut.</summary>
    public void PowerOff()
    {
        _stop = true;
        foreach (var t in _threads)
        {
            t.Join();
        }

        _threads = [];
        (Link as IDisposable)?.Dispose();
    }

    /// <summary>Power cut and start again: RAM is lost (queued windows too), flash is kept.</summary>
    public void Reboot()
    {
        var looping = _threads.Length > 0;
        PowerOff();
        Runtime = Boot();
        if (looping)
        {
            StartLoop();
        }
    }

    private MeterRuntime Boot()
    {
        Link = _linkFactory();
        Platform = new HostPlatform();
        var runtime = new MeterRuntime(_options, _clock, Storage, Link, _sensors, Platform);
        runtime.Start();
        return runtime;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        foreach (var t in _threads)
        {
            t.Join();
        }

        if (Link.IsConnected)
        {
            Link.Disconnect();
        }

        (Link as IDisposable)?.Dispose();
    }
}
