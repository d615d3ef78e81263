using MQTTnet.Channel;

namespace Metering.Collector.Mqtt;

/// <summary>
/// An MQTT channel that reads the packets' fixed headers as they pass and ends the connection at the first packet
/// larger than the limit, when its Remaining Length is complete and before its body is read: MQTTnet allocates a
/// packet's whole body (up to 256 MB) before it looks at it, so a 50 MB PUBLISH was buffered whole. Returning end of
/// stream is how MQTTnet learns the connection is gone; MQTT 3.1.1 has no refusal a server could send instead (MQTT 5's
/// DISCONNECT 0x95 would need the protocol version, which is not known at the socket).
/// </summary>
internal sealed class PacketSizeLimit(IMqttChannel inner, int maxPacketBytes, Action<int, long> refused) : ForwardingChannel(inner)
{
    private Stage _stage = Stage.Type;
    private int _type;
    private long _remaining;
    private long _multiplier = 1;
    private int _lengthBytes;
    private bool _closed;

    private enum Stage
    {
        Type,
        Length,
        Body,
    }

    /// <inheritdoc />
    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return 0;
        }

        var read = await Inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        var i = 0;
        while (i < read)
        {
            if (_stage == Stage.Body)
            {
                // A body passes in bulk: only headers are looked at.
                var take = (int)Math.Min(_remaining, read - i);
                (_remaining, i) = (_remaining - take, i + take);
                _stage = _remaining == 0 ? Stage.Type : Stage.Body;
            }
            else if (!Accept(buffer[offset + i++]))
            {
                _closed = true;
                return 0;
            }
        }

        return read;
    }


    /// <summary>Follows one byte of the stream; false when it completes the Remaining Length of a packet over the limit.</summary>
    private bool Accept(byte b)
    {
        switch (_stage)
        {
            case Stage.Type:
                _type = b >> 4;
                (_remaining, _multiplier, _lengthBytes, _stage) = (0, 1, 0, Stage.Length);
                return true;
            case Stage.Length:
                _remaining += (b & 0x7F) * _multiplier;
                _multiplier *= 128;
                _lengthBytes++;
                if ((b & 0x80) != 0 && _lengthBytes < 4)
                {
                    return true;
                }

                var total = 1 + _lengthBytes + _remaining;
                if (total > maxPacketBytes)
                {
                    refused(_type, total);
                    return false;
                }

                _stage = _remaining > 0 ? Stage.Body : Stage.Type;
                return true;
            default:
                throw new InvalidOperationException("a body is consumed in bulk");
        }
    }
}
