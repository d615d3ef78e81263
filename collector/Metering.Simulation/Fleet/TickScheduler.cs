using Metering.Firmware.Host;

namespace Metering.Simulation.Fleet;

/// <summary>
/// Runs many meters on a few threads. <see cref="VirtualMeter.StartLoop"/> gives each meter its own sampling and
/// service threads, as the ESP32 does: 2,000 threads for 1,000 meters. Here each meter belongs to one shard; each
/// shard has one sampling thread (<c>SampleDue</c>, never blocked by the network) and one service thread (windows,
/// MQTT, config: a blocking connect delays only that shard's service). Each meter is still sampled by one thread and
/// serviced by one thread, the concurrency the firmware core is written for.
/// </summary>
internal sealed class TickScheduler(IReadOnlyList<VirtualMeter> meters, int shards, FleetClock clock)
{
    /// <summary>Pause between sampling passes: short next to the INA219's 50 ms period.</summary>
    public static readonly TimeSpan SamplePause = TimeSpan.FromMilliseconds(2);

    /// <summary>Pause between service passes.</summary>
    public static readonly TimeSpan ServicePause = TimeSpan.FromMilliseconds(5);

    private readonly List<Thread> _threads = [];
    private volatile bool _stop;
    private long _faults;
    private long _maxSamplingGap;
    private long _recentSamplingGap;

    /// <summary>Exceptions a meter threw out of a pass (counted, the last one kept); the pass goes on with the next meter.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>The last such exception.</summary>
    public Exception? LastFault { get; private set; }

    /// <summary>
    /// Longest simulated time between two sampling passes of a shard, in µs. An INA219 gap over 1 s starts a new epoch
    /// (firmware Sampling README): a fleet too large or too fast for the CPU shows here first.
    /// </summary>
    public long MaxSamplingGapMicroseconds => Interlocked.Read(ref _maxSamplingGap);

    /// <summary>The longest gap since the previous call (simulated µs), then starts a new period.</summary>
    public long TakeRecentSamplingGapMicroseconds() => Interlocked.Exchange(ref _recentSamplingGap, 0);

    public void Start()
    {
        var count = Math.Min(shards, meters.Count);
        for (var s = 0; s < count; s++)
        {
            var shard = s;
            _threads.Add(new Thread(() => SampleLoop(shard, count)) { IsBackground = true, Name = $"sim sample {shard}" });
            _threads.Add(new Thread(() => ServiceLoop(shard, count)) { IsBackground = true, Name = $"sim service {shard}" });
        }

        foreach (var t in _threads)
        {
            t.Start();
        }
    }

    public void Stop()
    {
        _stop = true;
        foreach (var t in _threads)
        {
            t.Join();
        }

        _threads.Clear();
    }

    private void SampleLoop(int shard, int count)
    {
        var last = clock.MonotonicMicroseconds;
        while (!_stop)
        {
            Pass(shard, count, m => m.Runtime.SampleDue());
            Thread.Sleep(SamplePause);
            var now = clock.MonotonicMicroseconds;
            var gap = now - last;
            last = now;
            Raise(ref _maxSamplingGap, gap);
            Raise(ref _recentSamplingGap, gap);
        }
    }

    private static void Raise(ref long max, long value)
    {
        for (var seen = Interlocked.Read(ref max); value > seen; seen = Interlocked.Read(ref max))
        {
            if (Interlocked.CompareExchange(ref max, value, seen) == seen)
            {
                return;
            }
        }
    }

    private void ServiceLoop(int shard, int count)
    {
        while (!_stop)
        {
            Pass(shard, count, m => m.Runtime.Service());
            Thread.Sleep(ServicePause);
        }
    }

    private void Pass(int shard, int count, Action<VirtualMeter> step)
    {
        for (var i = shard; i < meters.Count && !_stop; i += count)
        {
            try
            {
                step(meters[i]);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _faults);
                LastFault = e;
            }
        }
    }
}
