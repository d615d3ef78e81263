using System.Diagnostics;
using System.Globalization;
using Metering.Collector.Host.Settings;
using Metering.Simulation.Fleet;

namespace Metering.Collector.Bench;

/// <summary>
/// One load run: a real <c>metering serve</c> (embedded broker, SQLite) in its own process, the virtual fleet (the
/// real firmware core per meter, one MQTT connection each) in this one; the meters run for the duration, deliver what
/// they hold, lose power; the collector settles and stops; then <see cref="LoadAudit"/> reads its store. Meanwhile its
/// /metrics, /health and /proc are sampled every second.
/// </summary>
internal static class LoadRun
{
    /// <summary>Runs <paramref name="options"/>, printing progress to <paramref name="log"/>; the data directory is deleted after.</summary>
    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter log, CancellationToken cancel)
    {
        options.Validate();
        var data = Path.Combine(Path.GetTempPath(), "metering-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        try
        {
            return await RunInAsync(options, data, log, cancel).ConfigureAwait(false);
        }
        finally
        {
            if (options.KeepData)
            {
                log.WriteLine($"data kept in {data}");
            }
            else
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<LoadReport> RunInAsync(LoadOptions options, string data, TextWriter log, CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        using var serve = await ServeProcess.StartAsync(options.MeteringDll, data, FreePort(), FreePort(), options.CollectorSettings, cancel).ConfigureAwait(false);
        var fleetCpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using var fleet = new FleetSimulator(new SimulationOptions
        {
            BrokerPort = serve.BrokerPort, Devices = options.Devices, Rails = options.Rails, WindowSeconds = options.WindowSeconds, Seed = options.Seed,
            Threads = options.Threads, Prefix = "load", DrainTimeout = options.Drain,
            ProgressInterval = options.ProgressInterval,
        });
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"metering bench load: {options.Devices:N0} meters x {options.WindowSeconds} s windows for {options.Duration.TotalSeconds:F0} s ({2 + options.Rails} channels each, {options.Threads} scheduler threads); collector: metering serve pid {serve.Pid}, embedded broker 127.0.0.1:{serve.BrokerPort}, SQLite, in {data}"));
        var figures = new CollectorSampler(serve);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var sampler = figures.RunAsync(TimeSpan.FromSeconds(1), sampling.Token);
        var progress = new Progress<FleetProgress>(p => log.WriteLine(ProgressLine(p, figures)));
        using var runFor = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var running = fleet.RunAsync(progress, runFor.Token);
        var configured = await ConfiguredAsync(fleet, cancel).ConfigureAwait(false);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fleet.Progress().Configured:N0} of {options.Devices:N0} meters connected and configured after {configured:F0} s; running {options.Duration.TotalSeconds:F0} s from now"));
        await Task.Delay(options.Duration, cancel).ConfigureAwait(false);
        await runFor.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        var fleetSeconds = watch.Elapsed.TotalSeconds;
        var outcomes = fleet.Devices.Where(d => d.Meter is not null).Select(d => (d.DeviceId, d.Meter!.Runtime)).Select(d => new DeviceOutcome(
            d.DeviceId, d.Runtime.Boot, d.Runtime.WindowsClosed, d.Runtime.Queue.Dropped, d.Runtime.Queue.Count, d.Runtime.Queue.LastAcknowledgedSequence)).ToList();
        var end = fleet.Progress();
        fleetCpu = Process.GetCurrentProcess().TotalProcessorTime - fleetCpu;

        var settled = await figures.SettleAsync(options.Settle, cancel).ConfigureAwait(false);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fleet stopped and powered off; the collector {(settled ? "settled" : "did NOT settle")} {watch.Elapsed.TotalSeconds - fleetSeconds:F0} s later"));
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var last = await serve.MetricsAsync(cancel).ConfigureAwait(false);
        var process = serve.Sample();
        var exit = serve.Interrupt();
        var store = new CollectorSettings { DataDirectory = data }.EffectiveStorage.Sqlite.Path;
        var audit = Stopwatch.StartNew();
        var accounting = await LoadAudit.RunAsync(store, outcomes, fleet, cancel).ConfigureAwait(false);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audited the store in {audit.Elapsed.TotalSeconds:F0} s"));
        return new LoadReport(options, accounting, figures.Figures(last, process, exit, settled, serve.Warnings),
            new FleetFigures(end.Devices, outcomes.Count(o => o.WindowsClosed > 0), end.Reconnects, end.FailedConnects, end.Faults, end.SamplingGapSeconds,
                fleetCpu.TotalSeconds, fleetSeconds));
    }

    /// <summary>Waits until every meter applied its config (so the duration counts from a fleet at work); at most 3 minutes. Returns the fleet's seconds.</summary>
    private static async Task<double> ConfiguredAsync(FleetSimulator fleet, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (fleet.Progress().Configured < fleet.Devices.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cancel).ConfigureAwait(false);
        }

        return fleet.Clock.SimulatedSeconds;
    }

    private static string ProgressLine(FleetProgress p, CollectorSampler c) => string.Create(CultureInfo.InvariantCulture,
        $"t={p.SimulatedSeconds,4:F0} s  meters: connected {p.Connected}/{p.Devices}, windows {p.WindowsClosed:N0}, queued {p.QueuedWindows:N0}, dropped {p.DroppedWindows:N0}  "
        + $"collector: telemetry {c.Telemetry:N0}, held now {c.Waiting:N0}, outstanding {c.Outstanding:N0}, RSS {c.RssBytes / 1048576.0:F0} MB, /health {c.LastHealth}");

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The fleet's side of a load run.</summary>
internal sealed record FleetFigures(int Devices, int DevicesThatPublished, long Reconnects, long FailedConnects, long Faults, double MaxSamplingGapSeconds,
    double CpuSeconds, double WallSeconds);
