using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Metering.Collector.Mqtt;
using MQTTnet.Channel;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>
/// The subscriber's channel, byte for byte: packets within the limit pass unchanged whatever the read sizes; a PUBLISH
/// over it comes out with the same type, topic, packet id and properties, a new length and the start of its payload;
/// any other packet over it ends the stream.
/// </summary>
public sealed class PublishTruncationTests
{
    private const int Limit = 64;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public async Task Packets_within_the_limit_pass_unchanged(int readSize)
    {
        byte[] stream = [.. Publish(qos: 1, "a/b", payload: 20, mqtt5: true), 0xD0, 0x00, .. Publish(qos: 0, "t", payload: Limit - 6, mqtt5: true), 0x40, 0x02, 0x00, 0x07];

        var (output, cuts) = await ReadAllAsync(stream, mqtt5: true, readSize);

        Assert.Equal(stream, output);
        Assert.Empty(cuts);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    public async Task An_oversize_publish_keeps_its_header_and_the_start_of_its_payload(int qos, bool mqtt5)
    {
        var big = Publish(qos, "metering/v1/d/telemetry", payload: 10_000, mqtt5, properties: mqtt5 ? [0x01, 0x01] : []);
        byte[] stream = [.. big, .. Publish(1, "x", payload: 5, mqtt5)];

        var (output, cuts) = await ReadAllAsync(stream, mqtt5, readSize: 7);

        var variableHeader = 2 + 23 + (qos > 0 ? 2 : 0) + (mqtt5 ? 3 : 0);
        var kept = Limit - 5 - variableHeader;
        var expected = Publish(qos, "metering/v1/d/telemetry", payload: kept, mqtt5, properties: mqtt5 ? [0x01, 0x01] : []);
        Assert.Equal([.. expected, .. Publish(1, "x", payload: 5, mqtt5)], output);
        Assert.True(expected.Length <= Limit);
        Assert.Equal([("metering/v1/d/telemetry", 10_000L)], cuts);
    }

    [Fact]
    public async Task Another_packet_over_the_limit_ends_the_stream()
    {
        byte[] stream = [0x82, 0xC8, 0x01, .. new byte[200]];

        var (output, cuts) = await ReadAllAsync(stream, mqtt5: true, readSize: 16);

        Assert.Empty(output);
        Assert.Equal([("(not a PUBLISH)", 203L)], cuts);
    }

    /// <summary>A PUBLISH: fixed header, topic, packet id when QoS > 0, MQTT 5 properties, a payload of 'p's.</summary>
    private static byte[] Publish(int qos, string topic, int payload, bool mqtt5, byte[]? properties = null)
    {
        var body = new List<byte> { (byte)(topic.Length >> 8), (byte)topic.Length };
        body.AddRange(System.Text.Encoding.UTF8.GetBytes(topic));
        if (qos > 0)
        {
            body.AddRange([0x00, 0x2A]);
        }

        if (mqtt5)
        {
            body.Add((byte)(properties?.Length ?? 0));
            body.AddRange(properties ?? []);
        }

        body.AddRange(Enumerable.Repeat((byte)'p', payload));
        var packet = new List<byte> { (byte)(0x30 | (qos << 1)) };
        var length = body.Count;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            packet.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);

        return [.. packet, .. body];
    }

    private static async Task<(byte[] Output, List<(string Topic, long Bytes)> Cuts)> ReadAllAsync(byte[] stream, bool mqtt5, int readSize)
    {
        var cuts = new List<(string, long)>();
        using var channel = new PublishTruncation(new BytesChannel(stream), Limit, mqtt5, (t, n) => cuts.Add((t, n)));
        var output = new List<byte>();
        var buffer = new byte[readSize];
        int read;
        while ((read = await channel.ReadAsync(buffer, 0, readSize, CancellationToken.None)) > 0)
        {
            output.AddRange(buffer.Take(read));
        }

        return ([.. output], cuts);
    }

    /// <summary>A channel that reads from fixed bytes, at most 5 at a time (as a socket may).</summary>
    private sealed class BytesChannel(byte[] bytes) : IMqttChannel
    {
        private int _position;

        public X509Certificate2 ClientCertificate => null!;

        public EndPoint RemoteEndPoint => new IPEndPoint(IPAddress.Loopback, 1883);

        public EndPoint LocalEndPoint => new IPEndPoint(IPAddress.Loopback, 50000);

        public bool IsSecureConnection => false;

        public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var n = Math.Min(Math.Min(count, 5), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return Task.FromResult(n);
        }

        public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
