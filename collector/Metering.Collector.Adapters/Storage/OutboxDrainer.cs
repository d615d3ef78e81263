using System.Diagnostics;
using Metering.Collector.Points;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Storage;

/// <summary>
/// Moves batches from the outbox to a sink, oldest first: concatenates up to <see cref="DrainerSettings.MaxBatchesPerWrite"/>
/// consecutive batches into one write, removes them once the sink returned, and on failure retries the same batches
/// after a capped exponential backoff with jitter, for as long as it takes. A batch the sink rejects permanently
/// (<see cref="SinkException.Permanent"/>) is found by retrying its group one batch at a time, then moved to the
/// outbox's dead-letter table with the sink's error and counted; the batches after it keep flowing.
/// Run it with <see cref="RunAsync"/> (a background loop) or step it with <see cref="DrainOnceAsync"/>.
/// </summary>
public sealed class OutboxDrainer
{
    private readonly SqliteOutbox _outbox;
    private readonly ISink _sink;
    private readonly DrainerSettings _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly LineProtocolBuffer _buffer = new();
    private long _isolateThroughId = -1;

    /// <summary>Creates a drainer of <paramref name="outbox"/> into <paramref name="sink"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public OutboxDrainer(SqliteOutbox outbox, ISink sink, DrainerSettings? options = null, TimeProvider? time = null, ILogger<OutboxDrainer>? logger = null)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _options = options ?? new DrainerSettings();
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _log = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>What it has done so far.</summary>
    public DrainerMetrics Metrics { get; } = new();

    /// <summary>Drains until cancelled: waits for batches when the outbox is empty and backs off after failures.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var outboxFailures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var result = await DrainOnceAsync(cancellationToken).ConfigureAwait(false);
                outboxFailures = 0;
                if (result == DrainResult.Empty)
                {
                    await _outbox.WaitForBatchAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (result == DrainResult.Failed)
                {
                    await PauseAsync((int)Math.Min(Metrics.ConsecutiveFailures, 1000), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                _log.LogWarning("Outbox {Path} was closed while the drainer ran; the drainer stops", _outbox.Options.Path);
                return;
            }
            catch (Exception e)
            {
                // The outbox itself failed (disk full, I/O error): nothing was removed; keep trying, loudly.
                _log.LogError(e, "Outbox {Path} failed while draining; retrying", _outbox.Options.Path);
                try
                {
                    await PauseAsync(Math.Min(++outboxFailures, 1000), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private Task PauseAsync(int failures, CancellationToken cancellationToken) =>
        Task.Delay(Backoff.Delay(failures, _options.InitialBackoff, _options.MaxBackoff, Random.Shared.NextDouble()), _time, cancellationToken);

    /// <summary>
    /// One step: writes the oldest group of batches to the sink and removes them, or dead-letters one batch, or
    /// records a failure (the batches stay; the caller decides when to retry). Throws only on cancellation or when
    /// the outbox itself fails.
    /// </summary>
    public async Task<DrainResult> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var isolating = _isolateThroughId >= 0;
        var group = await _outbox.PeekAsync(isolating ? 1 : _options.MaxBatchesPerWrite, _options.MaxBytesPerWrite, cancellationToken).ConfigureAwait(false);
        if (group.Count == 0)
        {
            _isolateThroughId = -1;
            return DrainResult.Empty;
        }

        if (isolating && group[0].Id > _isolateThroughId)
        {
            _isolateThroughId = -1;
        }

        _buffer.Clear();
        foreach (var batch in group)
        {
            _buffer.AppendRaw(batch.Body.Span, batch.Points);
        }

        var started = _time.GetTimestamp();
        try
        {
            await _sink.WriteAsync(_buffer.Written, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return await FailedAsync(group, e, cancellationToken).ConfigureAwait(false);
        }

        var latency = _time.GetElapsedTime(started);
        await _outbox.RemoveAsync(group, CancellationToken.None).ConfigureAwait(false);
        if (Metrics.ConsecutiveFailures > 0)
        {
            _log.LogInformation("Sink {Sink} stores again after {Failures} failed writes", _sink.Name, Metrics.ConsecutiveFailures);
        }

        Metrics.Stored(group.Count, _buffer.Points, _buffer.Bytes, latency);
        return DrainResult.Written;
    }

    private async Task<DrainResult> FailedAsync(IReadOnlyList<OutboxBatch> group, Exception e, CancellationToken cancellationToken)
    {
        var kind = e is SinkException s ? s.Kind : e.GetType().Name;
        var permanent = e is SinkException { Permanent: true };
        var failures = Metrics.Failed(kind, e.Message, _time.GetUtcNow().ToUnixTimeMilliseconds(), retryable: !permanent);
        if (!permanent)
        {
            _log.LogWarning(e, "Sink {Sink} write of {Batches} batches failed ({Kind}, {Failures} in a row); retrying with backoff",
                _sink.Name, group.Count, kind, failures);
            return DrainResult.Failed;
        }

        if (group.Count > 1)
        {
            // Which batch is bad? Retry this group's batches one at a time; the good ones are simply rewritten.
            _isolateThroughId = group[^1].Id;
            _log.LogWarning("Sink {Sink} rejected a group of {Batches} batches ({Error}); retrying them one by one", _sink.Name, group.Count, e.Message);
            return DrainResult.Isolating;
        }

        Debug.Assert(group.Count == 1, "a single batch is dead-lettered");
        await _outbox.DeadLetterAsync(group[0], _sink.Name, e.Message, cancellationToken).ConfigureAwait(false);
        Metrics.DeadLetter();
        return DrainResult.DeadLettered;
    }
}

/// <summary>What one <see cref="OutboxDrainer.DrainOnceAsync"/> step did.</summary>
public enum DrainResult
{
    /// <summary>Nothing was pending.</summary>
    Empty = 0,

    /// <summary>A group of batches was stored and removed.</summary>
    Written = 1,

    /// <summary>The write failed and may succeed later; the batches stay. Back off before the next step.</summary>
    Failed = 2,

    /// <summary>The sink rejected a group permanently; the next steps retry its batches one at a time.</summary>
    Isolating = 3,

    /// <summary>A batch the sink rejected permanently was moved to the dead-letter table.</summary>
    DeadLettered = 4,
}
