namespace Metering.Collector.Bench;

/// <summary>
/// Samples a running <see cref="ServeProcess"/> once a second for the load benchmark: /health (how often and why it was
/// unhealthy), /metrics (telemetry stored, publishes held, messages awaiting the collector's acknowledgement, with
/// their peaks) and its RSS. Figures are read by the progress lines while it runs.
/// </summary>
internal sealed class CollectorSampler(ServeProcess serve)
{
    private const string TelemetrySeries = "metering_ingest_messages_total{outcome=\"telemetry\"}";
    private readonly HashSet<string> _unhealthyReasons = new(StringComparer.Ordinal);
    private long _healthSamples;
    private long _unhealthySamples;
    private long _peakWaiting;
    private long _peakOutstanding;

    /// <summary>Telemetry messages the collector accepted, at the last sample.</summary>
    public long Telemetry { get; private set; }

    /// <summary>Publishes held by flow control, at the last sample.</summary>
    public long Waiting { get; private set; }

    /// <summary>Messages queued to the collector and not yet acknowledged, at the last sample.</summary>
    public long Outstanding { get; private set; }

    /// <summary>Outbox batches not yet written to the sink, at the last sample.</summary>
    public long OutboxBatches { get; private set; }

    /// <summary>RSS at the last sample.</summary>
    public long RssBytes { get; private set; }

    /// <summary>The last /health status code (0: no answer).</summary>
    public int LastHealth { get; private set; }

    /// <summary>Samples every <paramref name="interval"/> until <paramref name="stop"/>.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await SampleAsync(stop).ConfigureAwait(false);
            try
            {
                await Task.Delay(interval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits until the collector has acknowledged everything it was sent and written its outbox out: nothing held,
    /// nothing outstanding, no outbox batch, and the telemetry count unchanged over three samples. False after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> SettleAsync(TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        var (stable, previous) = (0, -1L);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000, cancel).ConfigureAwait(false);
            var m = await serve.MetricsAsync(cancel).ConfigureAwait(false);
            var telemetry = (long)m.Get(TelemetrySeries);
            var quiet = !m.IsEmpty && m.Sum("metering_broker_held_publishes") == 0 && m.Sum("metering_broker_collector_outstanding_messages") == 0
                && m.Sum("metering_outbox_pending_batches") == 0 && telemetry == previous;
            stable = quiet ? stable + 1 : 0;
            previous = telemetry;
            if (stable >= 3)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The collector's figures at the end of the run.</summary>
    public CollectorFigures Figures(PrometheusText last, ProcessSample process, int exitCode, bool settled, IReadOnlyList<string> warnings) => new(
        (long)last.Get(TelemetrySeries), (long)last.Get("metering_ingest_messages_total{outcome=\"duplicate\"}"), (long)last.Sum("metering_broker_dropped_total"),
        (long)last.Sum("metering_broker_held_publishes_total"), (long)last.Sum("metering_broker_held_refused_total"), Interlocked.Read(ref _peakWaiting),
        Interlocked.Read(ref _peakOutstanding), (long)last.Sum("metering_mqtt_disconnects_total"), last.Has("metering_broker_held_publishes_total"),
        process.PeakRssBytes, process.CpuSeconds, Interlocked.Read(ref _healthSamples), Interlocked.Read(ref _unhealthySamples), [.. _unhealthyReasons.Take(5)],
        warnings, exitCode, settled);

    private async Task SampleAsync(CancellationToken stop)
    {
        try
        {
            var (status, body) = await serve.HealthAsync(stop).ConfigureAwait(false);
            LastHealth = status;
            Interlocked.Increment(ref _healthSamples);
            if (status != 200)
            {
                Interlocked.Increment(ref _unhealthySamples);
                lock (_unhealthyReasons)
                {
                    _unhealthyReasons.Add(body.Length > 300 ? body[..300] : body);
                }
            }

            var m = await serve.MetricsAsync(stop).ConfigureAwait(false);
            (Telemetry, Waiting, Outstanding, OutboxBatches) = ((long)m.Get(TelemetrySeries), (long)m.Sum("metering_broker_held_publishes"),
                (long)m.Sum("metering_broker_collector_outstanding_messages"), (long)m.Sum("metering_outbox_pending_batches"));
            Raise(ref _peakWaiting, Waiting);
            Raise(ref _peakOutstanding, Outstanding);
            RssBytes = serve.Sample().RssBytes;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static void Raise(ref long peak, long value)
    {
        for (var seen = Interlocked.Read(ref peak); value > seen; seen = Interlocked.Read(ref peak))
        {
            if (Interlocked.CompareExchange(ref peak, value, seen) == seen)
            {
                return;
            }
        }
    }
}

/// <summary>The collector's side of a load run.</summary>
internal sealed record CollectorFigures(long TelemetryAccepted, long Duplicates, long BrokerDropped, long HeldPublishes, long HeldRefused, long PeakWaiting,
    long PeakOutstanding, long SubscriberDisconnects, bool ExportsFlowControl, long PeakRssBytes, double CpuSeconds, long HealthSamples, long UnhealthySamples,
    IReadOnlyList<string> UnhealthyReasons, IReadOnlyList<string> Warnings, int ExitCode, bool Settled);
