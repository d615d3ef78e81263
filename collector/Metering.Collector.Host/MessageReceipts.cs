using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Metering.Collector.Storage;

namespace Metering.Collector.Host;

/// <summary>
/// The receive time of every message the processor has seen and the broker may still deliver again (Storage/README.md,
/// "Receipts"). A message is known by 64 bits of the SHA-256 of its topic and payload; seen again (a redelivery after a
/// crash, or after the collector's own reconnect), it gets the receive time it had the first time, so its placement,
/// its status or event point and everything after it come out the same and overwrite themselves. The receipts go into
/// the outbox with the points they explain (<see cref="TakeWrite"/>) and come back at start-up. A generation is the
/// messages between two checkpoints; after each checkpoint its messages are acknowledged, so a generation is forgotten
/// two checkpoints after its own, the ones kept from before a restart two checkpoints after messages start flowing again
/// (the broker redelivers what was not acknowledged first). Not thread-safe: the processor's.
/// </summary>
public sealed class MessageReceipts
{
    /// <summary>How many closed generations stay known (the last one's messages are being acknowledged, the one before is margin).</summary>
    private const int KeptGenerations = 2;

    private readonly Dictionary<long, (long ReceivedMs, long Generation)> _known = [];
    private readonly Queue<(long Generation, List<long> Keys)> _closed = new();
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _digest = new byte[32];
    private List<long> _current = [];
    private List<MessageReceipt> _unwritten = [];
    private long _generation;
    private long _forgetThrough;

    /// <summary>Starts from the receipts an earlier run kept (<see cref="IOutbox.LoadReceipts"/>).</summary>
    public MessageReceipts(IReadOnlyList<(long Generation, MessageReceipt Receipt)> kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var restored = new List<long>(kept.Count);
        foreach (var (generation, receipt) in kept)
        {
            _generation = Math.Max(_generation, generation);
            _known[receipt.Key] = (receipt.ReceivedMs, 0);
            restored.Add(receipt.Key);
        }

        _closed.Enqueue((0, restored));
        _generation++;
    }

    /// <summary>Messages known (for tests and metrics).</summary>
    public int Count => _known.Count;

    /// <summary>
    /// The receive time to process the message with: the one it was first given while still known, else
    /// <paramref name="receivedMs"/>. Either way it is recorded in the current generation, to be written with the next append.
    /// </summary>
    public long ReceivedMs(string topic, byte[] payload, long receivedMs)
    {
        var key = Key(topic, payload);
        if (_known.TryGetValue(key, out var first))
        {
            receivedMs = first.ReceivedMs;
        }

        _known[key] = (receivedMs, _generation);
        _current.Add(key);
        _unwritten.Add(new MessageReceipt(key, receivedMs));
        return receivedMs;
    }

    /// <summary>What the next append keeps: the receipts recorded since the last one, and the generations to forget.</summary>
    public ReceiptWrite TakeWrite()
    {
        var write = new ReceiptWrite(_generation, _unwritten, _forgetThrough);
        _unwritten = [];
        return write;
    }

    /// <summary>
    /// A checkpoint covered every message so far, whose acknowledgements follow: the current generation closes (when it
    /// has messages), and the generations older than the last <see cref="KeptGenerations"/> closed are forgotten.
    /// </summary>
    public void Checkpointed()
    {
        if (_current.Count == 0)
        {
            return;
        }

        _closed.Enqueue((_generation, _current));
        _current = [];
        _generation++;
        while (_closed.Count > KeptGenerations)
        {
            var (generation, keys) = _closed.Dequeue();
            foreach (var key in keys)
            {
                if (_known.TryGetValue(key, out var known) && known.Generation == generation)
                {
                    _known.Remove(key);
                }
            }

            // The restored generation (0) is written as whatever generations the earlier run used, all below this one.
            _forgetThrough = Math.Max(_forgetThrough, generation == 0 ? _closed.Peek().Generation - 1 : generation);
        }
    }

    private long Key(string topic, byte[] payload)
    {
        var max = Encoding.UTF8.GetMaxByteCount(topic.Length);
        Span<byte> name = max <= 512 ? stackalloc byte[max] : new byte[max];
        _hash.AppendData(name[..Encoding.UTF8.GetBytes(topic, name)]);
        _hash.AppendData([0]);
        _hash.AppendData(payload);
        _hash.GetHashAndReset(_digest);
        return BinaryPrimitives.ReadInt64LittleEndian(_digest);
    }
}
