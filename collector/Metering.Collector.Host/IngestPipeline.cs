using System.Diagnostics;
using System.Threading.Channels;
using Metering.Collector.Mqtt;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// Drains received messages in batches (up to <see cref="MaxBatch"/> messages or <see cref="MaxWait"/>) and hands each
/// batch to the processor, which makes its points durable in the outbox. The state the batches changed is then saved
/// by a checkpoint (at most every <see cref="CheckpointInterval"/>, or at once when no message waits), and only after
/// the checkpoint are the batches' MQTT messages acknowledged. A failure stops the pipeline with the messages
/// unacknowledged: in-memory state may then be ahead of disk, so the collector must restart from disk, and the broker
/// redelivers what was not acknowledged. With no message for <see cref="IdleTick"/>, an <see cref="IIdleProcessor"/>
/// still runs (buckets past their lateness horizon, job events to attribute), so time passing is not held up by
/// silent meters.
/// </summary>
public sealed class IngestPipeline(ChannelReader<ReceivedMessage> input, IBatchProcessor processor, CollectorMetrics metrics, ILogger<IngestPipeline> log)
{
    /// <summary>Most messages per batch.</summary>
    public int MaxBatch { get; init; } = 2000;

    /// <summary>Longest wait to fill a batch once its first message arrived.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest time between checkpoints while messages keep coming.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// With no message for this long, a processor that is an <see cref="IIdleProcessor"/> runs its idle work (buckets
    /// past the lateness horizon, job events), checkpointing when it wrote anything.
    /// </summary>
    public TimeSpan IdleTick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where the pipeline's time goes (read by the benchmark).</summary>
    public PipelineStats Stats { get; } = new();

    /// <summary>Messages acknowledged since start.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    private long _acknowledged;

    /// <summary>Runs until <paramref name="stop"/> or the input completes.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var batch = new List<ReceivedMessage>(MaxBatch);
        var pending = new List<ReceivedMessage>();
        var lastCheckpoint = Stopwatch.GetTimestamp();
        while (await WaitForInputAsync(pending, stop).ConfigureAwait(false))
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
                Stats.Batches++;
                Stats.Messages += batch.Count;
                Stats.Process += watch.Elapsed;
                pending.AddRange(batch);
                if (input.Count == 0 || Stopwatch.GetElapsedTime(lastCheckpoint) >= CheckpointInterval)
                {
                    await CheckpointAsync(pending, stop).ConfigureAwait(false);
                    lastCheckpoint = Stopwatch.GetTimestamp();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Ingest failed with {Count} messages not yet acknowledged; stopping so the collector restarts from its saved state", pending.Count + batch.Count);
                throw;
            }

            metrics.BatchSeconds.Observe(watch.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Checkpoints, then acknowledges the messages processed since the last checkpoint.</summary>
    private async Task CheckpointAsync(List<ReceivedMessage> pending, CancellationToken stop)
    {
        var c = Stopwatch.StartNew();
        await processor.CheckpointAsync(stop).ConfigureAwait(false);
        Stats.Checkpoint += c.Elapsed;
        Stats.Checkpoints++;
        c.Restart();
        await Task.WhenAll(pending.Select(m => m.AcknowledgeAsync(stop))).ConfigureAwait(false);
        Stats.Acknowledge += c.Elapsed;
        Interlocked.Add(ref _acknowledged, pending.Count);
        pending.Clear();
    }

    /// <summary>
    /// Waits for a message (true) or the end of the input (false); every <see cref="IdleTick"/> without one, runs the
    /// processor's idle work and checkpoints when it wrote points.
    /// </summary>
    private async Task<bool> WaitForInputAsync(List<ReceivedMessage> pending, CancellationToken stop)
    {
        if (processor is not IIdleProcessor idle)
        {
            return await input.WaitToReadAsync(stop).ConfigureAwait(false);
        }

        while (true)
        {
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                tick.CancelAfter(IdleTick);
                try
                {
                    return await input.WaitToReadAsync(tick.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    // A tick with no message: the idle work below.
                }
            }

            try
            {
                if (await idle.IdleAsync(stop).ConfigureAwait(false) || pending.Count > 0)
                {
                    await CheckpointAsync(pending, stop).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Idle work failed with {Count} messages not yet acknowledged; stopping so the collector restarts from its saved state", pending.Count);
                throw;
            }
        }
    }
}

/// <summary>Counters of the pipeline's work: batches, messages, and time spent processing, checkpointing and acknowledging.</summary>
public sealed class PipelineStats
{
    /// <summary>Batches processed.</summary>
    public long Batches { get; set; }

    /// <summary>Messages processed.</summary>
    public long Messages { get; set; }

    /// <summary>Checkpoints taken.</summary>
    public long Checkpoints { get; set; }

    /// <summary>Time in the processor (decode to outbox).</summary>
    public TimeSpan Process { get; set; }

    /// <summary>Time saving state.</summary>
    public TimeSpan Checkpoint { get; set; }

    /// <summary>Time acknowledging.</summary>
    public TimeSpan Acknowledge { get; set; }

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Batches} batches of {(Batches == 0 ? 0 : Messages / (double)Batches):F0} messages; processing {Process.TotalSeconds:F1} s, {Checkpoints} checkpoints {Checkpoint.TotalSeconds:F1} s, acknowledging {Acknowledge.TotalSeconds:F1} s");
}

/// <summary>Turns batches of received messages into durable data.</summary>
public interface IBatchProcessor
{
    /// <summary>Processes the batch; returns when its points are durable in the outbox.</summary>
    Task ProcessAsync(IReadOnlyList<ReceivedMessage> batch, CancellationToken cancellationToken);

    /// <summary>Saves the state the batches since the last checkpoint changed; returns when it is durable.</summary>
    Task CheckpointAsync(CancellationToken cancellationToken);
}
