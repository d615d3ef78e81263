using System.Collections.Concurrent;
using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Storage;

/// <summary>A sink that keeps every write it accepted; optionally fails by rule first.</summary>
internal sealed class RecordingSink : ISink
{
    private readonly Func<string, Exception?> _failure;

    /// <summary>A sink whose write fails with whatever <paramref name="failure"/> returns for the batch text (null: accept).</summary>
    public RecordingSink(Func<string, Exception?>? failure = null) => _failure = failure ?? (_ => null);

    public string Name => "recording";

    /// <summary>Every accepted write, as text, in order.</summary>
    public ConcurrentQueue<string> Writes { get; } = new();

    /// <summary>Every write attempt, as text, accepted or not.</summary>
    public ConcurrentQueue<string> Attempts { get; } = new();

    /// <summary>Every point accepted, parsed back.</summary>
    public List<Point> Points => Writes.SelectMany(w => LineProtocol.ParseBatch(System.Text.Encoding.UTF8.GetBytes(w))).ToList();

    public Task WriteAsync(ReadOnlyMemory<byte> lineProtocol, CancellationToken cancellationToken)
    {
        var text = System.Text.Encoding.UTF8.GetString(lineProtocol.Span);
        Attempts.Enqueue(text);
        if (_failure(text) is { } e)
        {
            throw e;
        }

        Writes.Enqueue(text);
        return Task.CompletedTask;
    }

    /// <summary>A sink that fails its first <paramref name="failures"/> writes with a retryable network error.</summary>
    public static RecordingSink FailingFirst(int failures)
    {
        var left = failures;
        return new RecordingSink(_ => Interlocked.Decrement(ref left) >= 0 ? new SinkException("network", "connection refused (test)", permanent: false) : null);
    }
}
