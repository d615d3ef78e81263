using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>
/// An MQTT 3.1.1 subscriber on a raw socket with a small receive buffer that reads nothing until told to. A client
/// library would drain the socket into its own memory whatever its handler does; this one really makes the broker hold
/// the messages in its per-client queue, as a stalled collector would.
/// </summary>
internal sealed class SlowSubscriber : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };

    private readonly List<byte> _acks = [];
    private readonly int _ackEvery;
    private Stream _stream = Stream.Null;

    private SlowSubscriber(int ackEvery) => _ackEvery = ackEvery;

    /// <summary>
    /// Connects as <paramref name="clientId"/> (clean session, no keep-alive; anonymous, or with a username and password)
    /// and subscribes at QoS 1. While reading, it sends its PUBACKs in batches of <paramref name="ackEvery"/>.
    /// </summary>
    public static async Task<SlowSubscriber> StartAsync(int port, string clientId, string filter, (string User, string Password)? login = null, int ackEvery = 1024)
    {
        var s = new SlowSubscriber(ackEvery);
        await s._socket.ConnectAsync(IPAddress.Loopback, port);
        s._stream = new BufferedStream(new NetworkStream(s._socket), 1 << 16);
        var topic = Encoding.UTF8.GetBytes(filter);
        // CONNECT: protocol "MQTT" level 4, clean session, keep-alive 0, then the client id, username, password (MQTT 3.1.1 §3.1).
        byte[] body = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, (byte)(login is null ? 0x02 : 0xC2), 0, 0, .. Utf8(clientId),
            .. login is { } l ? [.. Utf8(l.User), .. Utf8(l.Password)] : Array.Empty<byte>()];
        await s.SendAsync([0x10, .. RemainingLength(body.Length), .. body]);
        await s.ExpectAsync([0x20, 2, 0, 0]);
        // SUBSCRIBE packet id 1, one filter at QoS 1 (§3.8).
        await s.SendAsync([0x82, (byte)(5 + topic.Length), 0, 1, 0, (byte)topic.Length, .. topic, 1]);
        await s.ExpectAsync([0x90, 3, 0, 1, 1]);
        return s;
    }

    /// <summary>Reads PUBLISH packets, acknowledging each, until <paramref name="count"/> arrived; returns their payloads in order.</summary>
    public async Task<List<string>> ReadAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var payloads = new List<string>(count);
        while (payloads.Count < count)
        {
            var header = await ReadExactlyAsync(1, cancel.Token);
            var length = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = (await ReadExactlyAsync(1, cancel.Token))[0];
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            var body = await ReadExactlyAsync(length, cancel.Token);
            if ((header[0] & 0xF0) != 0x30)
            {
                continue;
            }

            var topicLength = (body[0] << 8) | body[1];
            var offset = 2 + topicLength;
            if ((header[0] & 0x06) != 0)
            {
                _acks.AddRange([0x40, 2, body[offset], body[offset + 1]]);
                offset += 2;
            }

            if (_acks.Count >= 4 * _ackEvery || payloads.Count + 1 == count)
            {
                await SendAsync([.. _acks]);
                _acks.Clear();
            }

            payloads.Add(Encoding.UTF8.GetString(body, offset, body.Length - offset));
        }

        return payloads;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    private static byte[] Utf8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [(byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }

    private static byte[] RemainingLength(int length)
    {
        var encoded = new List<byte>();
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            encoded.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);
        return [.. encoded];
    }

    private async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    private async Task ExpectAsync(byte[] expected)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var got = await ReadExactlyAsync(expected.Length, cancel.Token);
        if (!got.SequenceEqual(expected))
        {
            throw new InvalidOperationException($"expected {Convert.ToHexString(expected)}, got {Convert.ToHexString(got)}");
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancel)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, cancel);
        return buffer;
    }
}
