using MQTTnet.Channel;

namespace Metering.Collector.Mqtt;

/// <summary>MQTTnet's client adapter, its channel wrapped in <see cref="PublishTruncation"/>.</summary>
internal sealed class TruncatingClientAdapterFactory(int maxPacketBytes, Action<string, long> cut) : MQTTnet.Adapter.IMqttClientAdapterFactory
{
    /// <inheritdoc />
    public MQTTnet.Adapter.IMqttChannelAdapter CreateClientAdapter(MQTTnet.MqttClientOptions options, MQTTnet.Adapter.MqttPacketInspector packetInspector, MQTTnet.Diagnostics.Logger.IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        IMqttChannel channel = options.ChannelOptions switch
        {
            MQTTnet.MqttClientTcpOptions => new MQTTnet.Implementations.MqttTcpChannel(options),
            MQTTnet.MqttClientWebSocketOptions webSocket => new MQTTnet.Implementations.MqttWebSocketChannel(webSocket),
            _ => throw new NotSupportedException("only TCP and WebSocket channels"),
        };
        var formatter = new MQTTnet.Formatter.MqttPacketFormatterAdapter(options.ProtocolVersion, new MQTTnet.Formatter.MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        var limited = new PublishTruncation(channel, maxPacketBytes, options.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500, cut);
        return new MQTTnet.Adapter.MqttChannelAdapter(limited, formatter, logger) { AllowPacketFragmentation = options.AllowPacketFragmentation, PacketInspector = packetInspector };
    }
}
