using System.Text;
using System.Text.Json;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// Where one failing item goes instead of stopping ingest (ARCHITECTURE.md, invariant 7): a message whose processing
/// threw, a job event attribution could not apply, a point no line protocol can carry. Each is kept in the dead letters
/// with its kind, reason and bytes, counted in <c>metering_items_refused_total</c>, and logged through a
/// <see cref="RateLimitedLog"/> per kind and reason.
/// </summary>
public sealed class Containment(DeadLetterStore deadLetters, CollectorMetrics metrics, TimeProvider time, ILogger log)
{
    private readonly RateLimitedLog _log = new(log, time);

    /// <summary>
    /// Appends <paramref name="points"/> to <paramref name="outbox"/>, with the <paramref name="receipts"/> of the messages
    /// they came from. When one cannot be written (the outbox then refuses the whole batch, appending nothing), each such
    /// point is set aside with its reason and the others are appended.
    /// </summary>
    public async Task AppendAsync(IOutbox outbox, IReadOnlyList<Point> points, CancellationToken cancellationToken, ReceiptWrite? receipts = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        try
        {
            await outbox.AppendAsync(points, receipts, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            var writable = new List<Point>(points.Count);
            foreach (var p in points)
            {
                if (LineProtocol.Refusal(p) is { } reason)
                {
                    Point(p, reason);
                }
                else
                {
                    writable.Add(p);
                }
            }

            await outbox.AppendAsync(writable, receipts, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A message whose processing threw.</summary>
    public void Message(string topic, byte[] payload, long receivedMs, Exception error) =>
        Refuse("message", topic, "processing_failed", Describe(error), payload, receivedMs);

    /// <summary>A job event that attribution could not apply.</summary>
    public void JobEvent(string jobId, object job, Exception error) =>
        Refuse("job_event", "(job) " + jobId, "job_event_failed", Describe(error), JsonSerializer.SerializeToUtf8Bytes(job), Now());

    /// <summary>A point that line protocol cannot carry.</summary>
    public void Point(Point point, string reason) =>
        Refuse("point", "(point) " + point.Measurement, "unwritable_point", reason, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            measurement = point.Measurement,
            // Pairs, not objects, and values as text: the point may be unwritable for a duplicate key or a NaN.
            tags = point.Tags.Select(t => new[] { t.Key, t.Value }),
            fields = point.Fields.Select(f => new[] { f.Key, Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture) }),
            timestamp_ms = point.TimestampMs,
        })), Now());

    private void Refuse(string kind, string topic, string reason, string detail, byte[] payload, long atMs)
    {
        deadLetters.Add(atMs, topic, reason, detail, payload);
        metrics.ItemsRefused.WithLabels(kind, reason).Inc();
        _log.Event(kind + "/" + reason, (l, since) => l.LogError(
            "A {Kind} was set aside ({Reason}) and ingest goes on ({Since} more since the last line): {Topic}: {Detail}; it is in the dead letters",
            kind, reason, since, topic, detail));
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
