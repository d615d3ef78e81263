using System.Diagnostics;
using System.Threading.Channels;
using Metering.Collector.Api;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Ingest;

/// <summary>
/// Drains received messages in batches (up to <see cref="MaxBatch"/> messages or <see cref="MaxWait"/>), hands each
/// batch to the processor, which makes it durable (outbox and state), and only then acknowledges the batch's MQTT
/// messages. A processor failure leaves the batch unacknowledged: the broker redelivers it after a reconnect.
/// </summary>
public sealed class IngestPipeline(ChannelReader<ReceivedMessage> input, IBatchProcessor processor, CollectorMetrics metrics, ILogger<IngestPipeline> log)
{
    /// <summary>Most messages per batch.</summary>
    public int MaxBatch { get; init; } = 2000;

    /// <summary>Longest wait to fill a batch once its first message arrived.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Messages acknowledged since start.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    private long _acknowledged;

    /// <summary>Runs until <paramref name="stop"/> or the input completes.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var batch = new List<ReceivedMessage>(MaxBatch);
        var rate = new RateWindow(TimeSpan.FromSeconds(10));
        while (await input.WaitToReadAsync(stop).ConfigureAwait(false))
        {
            batch.Clear();
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                wait.CancelAfter(MaxWait);
                try
                {
                    while (batch.Count < MaxBatch)
                    {
                        if (input.TryRead(out var m))
                        {
                            batch.Add(m);
                        }
                        else if (!await input.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    // The batch waited long enough.
                }
            }

            var watch = Stopwatch.StartNew();
            try
            {
                await processor.ProcessAsync(batch, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "An ingest batch of {Count} messages failed; it stays unacknowledged and the broker will redeliver it", batch.Count);
                throw;
            }

            metrics.BatchSeconds.Observe(watch.Elapsed.TotalSeconds);
            await Task.WhenAll(batch.Select(m => m.AcknowledgeAsync(stop))).ConfigureAwait(false);
            Interlocked.Add(ref _acknowledged, batch.Count);
            metrics.IngestRate.Set(rate.Add(batch.Count));
        }
    }

    /// <summary>Messages per second over a sliding window.</summary>
    private sealed class RateWindow(TimeSpan width)
    {
        private readonly Queue<(long At, int Count)> _events = new();
        private long _sum;

        public double Add(int count)
        {
            var now = Stopwatch.GetTimestamp();
            _events.Enqueue((now, count));
            _sum += count;
            while (_events.Count > 0 && Stopwatch.GetElapsedTime(_events.Peek().At, now) > width)
            {
                _sum -= _events.Dequeue().Count;
            }

            return _sum / width.TotalSeconds;
        }
    }
}

/// <summary>Turns a batch of received messages into durable data (outbox and state); returns only when it is durable.</summary>
public interface IBatchProcessor
{
    /// <summary>Processes and persists the batch.</summary>
    Task ProcessAsync(IReadOnlyList<ReceivedMessage> batch, CancellationToken cancellationToken);
}
