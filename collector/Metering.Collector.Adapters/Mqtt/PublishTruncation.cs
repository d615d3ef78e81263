using System.Text;
using MQTTnet.Channel;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The subscriber's side of the maximum packet size: a channel that rewrites an incoming PUBLISH larger than the limit
/// into one that carries only the start of its payload (what fits the limit) and skips the rest of it unread, so
/// MQTTnet never buffers more than the limit and the message still arrives, is refused by ingest (payload_too_large)
/// into the dead letters, and is acknowledged: the broker's queue moves on. Announcing the limit to the broker instead
/// (MQTT 5 Maximum Packet Size) made mosquitto 2.0.11 stop delivering to the collector after it dropped one oversize
/// message. A packet other than PUBLISH over the limit ends the connection. Each cut is reported with its topic and
/// the payload's whole size.
/// </summary>
internal sealed class PublishTruncation(IMqttChannel inner, int maxPacketBytes, bool mqtt5, Action<string, long> cut) : ForwardingChannel(inner)
{
    private readonly Queue<byte> _out = new();
    private readonly List<byte> _held = [];
    private readonly byte[] _scratch = new byte[4096];
    private Stage _stage = Stage.Type;
    private long _remaining;
    private long _skip;
    private long _multiplier;
    private int _topicLength;
    private bool _closed;

    private enum Stage
    {
        Type,
        Length,
        Body,
        TopicLength,
        Topic,
        PacketId,
        PropertiesLength,
        Properties,
    }


    /// <inheritdoc />
    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        while (!_closed)
        {
            if (_out.Count > 0)
            {
                var n = Math.Min(count, _out.Count);
                for (var i = 0; i < n; i++)
                {
                    buffer[offset + i] = _out.Dequeue();
                }

                return n;
            }

            if (_stage == Stage.Body && _remaining > 0)
            {
                // What passes, passes straight into the caller's buffer.
                var read = await Inner.ReadAsync(buffer, offset, (int)Math.Min(count, _remaining), cancellationToken).ConfigureAwait(false);
                _remaining -= read;
                EndBodyIfDone();
                return read;
            }

            var want = _skip > 0 ? (int)Math.Min(_scratch.Length, _skip) : 1;
            var got = await Inner.ReadAsync(_scratch, 0, want, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                return 0;
            }

            if (_skip > 0)
            {
                _skip -= got;
                continue;
            }

            _closed = !Accept(_scratch[0]);
        }

        return 0;
    }

    private void EndBodyIfDone()
    {
        if (_remaining == 0)
        {
            _stage = Stage.Type;
        }
    }

    /// <summary>Follows one header byte; false when the connection must end (an oversize packet that is not a PUBLISH).</summary>
    private bool Accept(byte b)
    {
        _held.Add(b);
        switch (_stage)
        {
            case Stage.Type:
                (_remaining, _multiplier, _stage) = (0, 1, Stage.Length);
                return true;
            case Stage.Length:
                _remaining += (b & 0x7F) * _multiplier;
                _multiplier *= 128;
                if ((b & 0x80) != 0 && _held.Count < 5)
                {
                    return true;
                }

                if (_held.Count + _remaining <= maxPacketBytes)
                {
                    Release();
                    return true;
                }

                if ((_held[0] >> 4) != 3)
                {
                    cut("(not a PUBLISH)", _held.Count + _remaining);
                    return false;
                }

                // An oversize PUBLISH: keep its type byte, hold its variable header, then write a new length.
                _held.RemoveRange(1, _held.Count - 1);
                _stage = Stage.TopicLength;
                return true;
            case Stage.TopicLength:
                if (_held.Count < 3)
                {
                    return true;
                }

                (_topicLength, _stage) = ((_held[1] << 8) | _held[2], Stage.Topic);
                return _topicLength > 0 || AfterTopic();
            case Stage.Topic:
                return _held.Count < 3 + _topicLength || AfterTopic();
            case Stage.PacketId:
                return _held.Count < 5 + _topicLength || AfterPacketId();
            case Stage.PropertiesLength:
                _propertiesLeft += (b & 0x7F) * _multiplier;
                _multiplier *= 128;
                if ((b & 0x80) != 0)
                {
                    return true;
                }

                _stage = Stage.Properties;
                return _propertiesLeft > 0 || Rewrite();
            default:
                return --_propertiesLeft > 0 || Rewrite();
        }
    }

    private long _propertiesLeft;

    private bool AfterTopic()
    {
        if (((_held[0] >> 1) & 3) > 0)
        {
            _stage = Stage.PacketId;
            return true;
        }

        return AfterPacketId();
    }

    private bool AfterPacketId()
    {
        if (!mqtt5)
        {
            return Rewrite();
        }

        (_stage, _propertiesLeft, _multiplier) = (Stage.PropertiesLength, 0, 1);
        return true;
    }

    /// <summary>Emits the PUBLISH with its payload cut to what fits the limit, and skips the rest unread.</summary>
    private bool Rewrite()
    {
        var variableHeader = _held.Count - 1;
        var payload = _remaining - variableHeader;
        if (variableHeader + 5 > maxPacketBytes || payload < 0)
        {
            cut("(a PUBLISH whose header alone is over the limit)", _remaining);
            return false;
        }

        var kept = Math.Min(maxPacketBytes - 5L - variableHeader, payload);
        cut(Encoding.UTF8.GetString([.. _held.Skip(3).Take(_topicLength)]), payload);
        var length = variableHeader + kept;
        _out.Enqueue(_held[0]);
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            _out.Enqueue(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);

        foreach (var held in _held.Skip(1))
        {
            _out.Enqueue(held);
        }

        _held.Clear();
        (_remaining, _skip) = (kept, payload - kept);
        _stage = Stage.Body;
        EndBodyIfDone();
        return true;
    }

    /// <summary>Passes the held fixed header on unchanged; its body follows as it is.</summary>
    private void Release()
    {
        foreach (var held in _held)
        {
            _out.Enqueue(held);
        }

        _held.Clear();
        _stage = Stage.Body;
        EndBodyIfDone();
    }
}
