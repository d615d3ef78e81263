using System.Diagnostics;
using System.Globalization;
using Metering.Collector.Attribution;
using Metering.Collector.Storage;
using Metering.Simulation.Fleet;

namespace Metering.Collector.Demo;

/// <summary>
/// <c>metering demo</c> from start to table (README.md in this folder): the collector, the simulated site, the job
/// schedule played on the simulated clock, a progress view, then the wait until the run's intervals are attributed
/// and the final per-job table against the truth.
/// </summary>
internal sealed class DemoRun(DemoOptions options, TextWriter output, bool interactive)
{
    /// <summary>Publish window of the demo's meters, s: one node bucket.</summary>
    public const int WindowSeconds = 10;

    /// <summary>
    /// Simulated time between the meters being ready and the schedule's origin, ms: commissioning, the site idles while
    /// the collector learns each node's idle floor from its meters (the inventory has no <c>idle_w</c>). The learner
    /// needs <see cref="IdleLearningOptions.MinSamples"/> idle intervals at full coverage; three more allow for the
    /// meters' first, partial window and the origin's alignment.
    /// </summary>
    public static readonly long CommissioningMs = (AttributionPolicy.Default.Learning.MinSamples + 3) * WindowSeconds * 1000L;

    /// <summary>Simulated time the fleet runs past the schedule, so the last buckets close: two windows, ms.</summary>
    private const long TailMs = 2 * WindowSeconds * 1000;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    /// <summary>Real time the meters take to get ready, allowed for when the simulated clock is set back.</summary>
    private static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private bool _lineOpen;
    private int _lineLength;

    /// <summary>The scenario (anchored once the meters are ready).</summary>
    public DemoScenario Scenario { get; } = new(options.Validate().Seed, (long)options.Duration.TotalMilliseconds);

    /// <summary>The rows of the final table (empty until the end).</summary>
    public IReadOnlyList<DemoJobRow> Rows { get; private set; } = [];

    /// <summary>The site totals (null until the end).</summary>
    public DemoSiteTotals? Totals { get; private set; }

    /// <summary>The stored records checked against each other (null until the end).</summary>
    public DemoCrossCheck? CrossCheck { get; private set; }

    /// <summary>Each node's idle baseline at the end, against the world's floor (empty until the end).</summary>
    public IReadOnlyList<DemoBaseline> Baselines { get; private set; } = [];

    /// <summary>Runs the demo; returns the exit code: 0, 1 when attribution did not complete in time or the stored records disagree, 130 when cancelled.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        DemoDataDirectory.Prepare(options.DataDirectory);
        var time = new SimulatedTimeProvider();
        // The simulated clock starts in the past by the run's simulated length (and a few real seconds of start-up at
        // speed), so the run ends about now: its data is not stamped in the future, and `metering report node` right
        // after the demo covers all of it.
        var clockStartMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - CommissioningMs - Scenario.DurationMs - TailMs - (long)(StartupAllowance.TotalMilliseconds * options.Speed);
        var validFrom = DateTimeOffset.FromUnixTimeMilliseconds(clockStartMs - 60_000);
        await using var collector = await DemoCollector.StartAsync(options.DataDirectory, DemoSite.Inventory(Scenario.Nodes, validFrom),
            validFrom.AddHours(-1), DateTimeOffset.UtcNow + options.Duration + TimeSpan.FromHours(1), time, cancellationToken).ConfigureAwait(false);
        var reader = collector.Host.Reader ?? throw new InvalidOperationException("the demo's SQLite sink answers queries");
        Say($"metering demo: {Scenario.Nodes.Count} GPU nodes ({DemoNode.Gpus} GPUs, {DemoNode.Cores} cores each), {Scenario.Plans.Count} jobs over {DemoTable.Duration((long)options.Duration.TotalMilliseconds)} of simulated time at {options.Speed}x, seed {options.Seed}");
        Say($"collector: MQTT 127.0.0.1:{collector.Host.MqttPort}, HTTP API {collector.ApiUrl}, data in {Path.GetFullPath(options.DataDirectory)}");

        var clock = new FleetClock(options.Speed, clockStartMs);
        time.Attach(clock);
        var simulation = new SimulationOptions
        {
            BrokerPort = collector.Host.MqttPort, Devices = Scenario.Nodes.Count, Prefix = DemoSite.DevicePrefix, Rails = DemoNode.MeteredRails,
            Seed = options.Seed, Speed = options.Speed, WindowSeconds = WindowSeconds,
        };
        await using var fleet = new FleetSimulator(simulation, clock, Scenario.World, (i, _) => DemoSite.Config(Scenario.Nodes[i], WindowSeconds));
        try
        {
            await fleet.StartAsync(cancellationToken).ConfigureAwait(false);
            await WaitReadyAsync(fleet, cancellationToken).ConfigureAwait(false);
            var origin = AlignUp(clock.UtcMilliseconds + CommissioningMs, WindowSeconds * 1000L);
            Scenario.Anchor(origin);
            var feed = new DemoJobFeed(Scenario, collector.Host.Jobs);
            await PlayAsync(collector, reader, feed, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndLine();
            Say("demo cancelled");
            return 130;
        }
        finally
        {
            await fleet.StopAsync().ConfigureAwait(false);
        }

        var meters = fleet.Progress();
        Say(string.Create(CultureInfo.InvariantCulture, $"meters: {meters.WindowsClosed} windows closed, {meters.TelemetryPublished} telemetry messages sent, longest sampling gap {meters.SamplingGapSeconds:F2} s of simulated time")
            + (meters.SamplingGapSeconds > 1 ? " (over 1 s: PZEM samples were missed and the counters followed the meters' 1 Wh registers; a lower --speed or an idle machine gives finer intervals)" : ""));

        var complete = await WaitForAttributionAsync(reader, cancellationToken).ConfigureAwait(false);
        Say("");
        CrossCheck = await DemoCrossCheck.ReadAsync(reader, Scenario, Rows, cancellationToken).ConfigureAwait(false);
        Baselines = await DemoResults.BaselinesAsync(reader, Scenario, cancellationToken).ConfigureAwait(false);
        output.Write(DemoTable.Format(Rows));
        output.Write(DemoTable.Baselines(Baselines));
        output.Write(DemoTable.Errors(Rows));
        output.Write(DemoTable.Site(Totals!, CrossCheck));
        if (!complete)
        {
            Say($"attribution did not cover the whole run within {options.AttributionTimeout.TotalSeconds:F0} s: the table shows what was stored (\"-\": nothing yet)");
        }
        else if (!CrossCheck.Agrees)
        {
            Say("the stored records disagree with each other (cross-check above): a record was lost, doubled or left stale");
        }

        Say("");
        Say("Look at the data afterwards (the collector has stopped; everything is in its store):");
        var data = Path.GetFullPath(options.DataDirectory);
        Say($"  metering report job {Rows[0].JobId} --data {data} --format html --out job.html");
        Say($"  metering report project {Rows[0].Project} --data {data}");
        Say($"  metering serve --data {data}      # then GET http://127.0.0.1:8080/api/v1/jobs/{Rows[0].JobId}");
        return complete && CrossCheck.Agrees ? 0 : 1;
    }

    private async Task WaitReadyAsync(FleetSimulator fleet, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!fleet.Devices.All(d => d.Meter is { } m && m.Runtime.Config is not null && m.Runtime.WindowsClosed > 0))
        {
            if (watch.Elapsed > ReadyTimeout)
            {
                var p = fleet.Progress();
                throw new InvalidOperationException($"the simulated meters did not get ready within {ReadyTimeout.TotalSeconds:F0} s: {p.Connected} of {p.Devices} connected, {p.Configured} configured");
            }

            await Task.Delay(Tick, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PlayAsync(DemoCollector collector, IPointReader reader, DemoJobFeed feed, FleetClock clock, CancellationToken cancellationToken)
    {
        var origin = Scenario.OriginMs!.Value;
        var end = origin + Scenario.DurationMs;
        var nextProgress = TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        for (var now = clock.UtcMilliseconds; now < end + TailMs; now = clock.UtcMilliseconds)
        {
            feed.Advance(now);
            if (watch.Elapsed >= nextProgress)
            {
                nextProgress = watch.Elapsed + options.ProgressInterval;
                var measured = await DemoResults.MeasuredSoFarAsync(reader, Scenario, now, cancellationToken).ConfigureAwait(false);
                var telemetry = (long)collector.Host.Metrics.Messages.WithLabels("telemetry").Value;
                Progress(now < origin
                    ? string.Create(CultureInfo.InvariantCulture, $"commissioning: the site idles while the collector learns each node's idle floor, {Clock(origin - now)} to go  telemetry {telemetry}")
                    : string.Create(CultureInfo.InvariantCulture,
                        $"sim {Clock(Math.Clamp(now - origin, 0, Scenario.DurationMs))} / {Clock(Scenario.DurationMs)}  telemetry {telemetry}  jobs running {feed.Running}, done {feed.Done} of {feed.Total}  measured {DemoTable.Kwh(measured)} kWh"));
            }

            await Task.Delay(Tick, cancellationToken).ConfigureAwait(false);
        }

        feed.Advance(clock.UtcMilliseconds);
        EndLine();
    }

    private async Task<bool> WaitForAttributionAsync(IPointReader reader, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<DemoJobRow>? previous = null;
        while (true)
        {
            Rows = await DemoResults.JobsAsync(reader, Scenario, cancellationToken).ConfigureAwait(false);
            Totals = await DemoResults.SiteAsync(reader, Scenario, Rows, cancellationToken).ConfigureAwait(false);
            var summaries = Rows.Count(r => r.ItMillijoules is not null);
            var done = Totals.Buckets >= Totals.ExpectedBuckets && summaries == Rows.Count && previous is not null && previous.SequenceEqual(Rows);
            Progress($"waiting for attribution: {Totals.Buckets} of {Totals.ExpectedBuckets} node intervals, {summaries} of {Rows.Count} job summaries");
            if (done || watch.Elapsed > options.AttributionTimeout)
            {
                EndLine();
                return done;
            }

            previous = Rows;
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    private static long AlignUp(long ms, long width) => ((ms + width - 1) / width) * width;

    private static string Clock(long ms) => string.Create(CultureInfo.InvariantCulture, $"{ms / 60_000:D2}:{ms / 1000 % 60:D2}");

    private void Progress(string line)
    {
        if (interactive)
        {
            // One line rewritten in place; padded to the previous one's length so no tail of it is left.
            output.Write("\r" + line.PadRight(_lineLength));
            _lineLength = line.Length;
            _lineOpen = true;
        }
        else
        {
            output.WriteLine(line);
        }
    }

    private void EndLine()
    {
        if (_lineOpen)
        {
            output.WriteLine();
            _lineOpen = false;
            _lineLength = 0;
        }
    }

    private void Say(string line)
    {
        EndLine();
        output.WriteLine(line);
    }
}
