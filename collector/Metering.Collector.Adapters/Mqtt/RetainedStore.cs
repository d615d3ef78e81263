using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Metering.Collector.Files;

namespace Metering.Collector.Mqtt;

/// <summary>
/// Retained messages kept in a file across broker restarts: a JSON array of <c>{"topic", "qos", "payload"}</c>
/// (payload in base64), rewritten atomically (temporary file, then rename) at most once per flush interval after a
/// change, and once more at stop. A crash loses at most the last interval's changes. The file is written with
/// <c>mode</c> (0600 unless the data files have a group), its temporary copy created 0600 (<see cref="AtomicFile"/>).
/// </summary>
internal sealed class RetainedStore(string path, UnixFileMode mode = AtomicFile.Private)
{
    private readonly ConcurrentDictionary<string, MqttApplicationMessage> _messages = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private int _dirty;

    /// <summary>The file.</summary>
    public string Path => path;

    /// <summary>Writes that failed (retried at the next interval); the changes are still held in memory.</summary>
    public long WriteFailures { get; private set; }

    /// <summary>Reads the file (none yet: no messages) and remembers its messages as the current state.</summary>
    /// <exception cref="InvalidDataException">The file is not a retained store; the broker must not start and overwrite it.</exception>
    public List<MqttApplicationMessage> Load()
    {
        _messages.Clear();
        if (!File.Exists(path))
        {
            return [];
        }

        Entry[] entries;
        try
        {
            entries = JsonSerializer.Deserialize<Entry[]>(File.ReadAllBytes(path)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a retained-message store: {e.Message}", e);
        }

        foreach (var e in entries)
        {
            _messages[e.Topic] = new MqttApplicationMessageBuilder().WithTopic(e.Topic).WithPayload(Convert.FromBase64String(e.Payload))
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)e.Qos).WithRetainFlag().Build();
        }

        return [.. _messages.Values];
    }

    /// <summary>Records a change the broker made (an empty payload clears the topic).</summary>
    public void Changed(MqttApplicationMessage message)
    {
        if (message.Payload.IsEmpty)
        {
            _messages.TryRemove(message.Topic, out _);
        }
        else
        {
            _messages[message.Topic] = message;
        }

        Volatile.Write(ref _dirty, 1);
    }

    /// <summary>Writes the file when something changed since the last write.</summary>
    public void FlushIfDirty()
    {
        lock (_writeLock)
        {
            if (Interlocked.Exchange(ref _dirty, 0) == 0)
            {
                return;
            }

            var entries = _messages.Values.OrderBy(m => m.Topic, StringComparer.Ordinal)
                .Select(m => new Entry(m.Topic, (int)m.QualityOfServiceLevel, Convert.ToBase64String(m.Payload.ToArray()))).ToArray();
            AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(entries), mode);
        }
    }

    /// <summary>Flushes every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    FlushIfDirty();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    WriteFailures++;
                    Volatile.Write(ref _dirty, 1);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Entry(
        [property: System.Text.Json.Serialization.JsonPropertyName("topic")] string Topic,
        [property: System.Text.Json.Serialization.JsonPropertyName("qos")] int Qos,
        [property: System.Text.Json.Serialization.JsonPropertyName("payload")] string Payload);
}
