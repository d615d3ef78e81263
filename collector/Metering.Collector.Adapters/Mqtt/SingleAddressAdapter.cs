using System.Net;
using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

namespace Metering.Collector.Mqtt;

/// <summary>
/// MQTTnet's TCP listener bound to exactly one address. MQTTnet's default endpoint binds one IPv4 and one IPv6
/// address (both "any" unless told otherwise); one of these per address gives an explicit list instead. The first
/// one started may bind port 0 and the others then share the port it got.
/// </summary>
internal sealed class SingleAddressAdapter(IPAddress address, Func<int> port) : IMqttServerAdapter
{
    private readonly MqttTcpServerAdapter _inner = new();

    /// <summary>The port bound, once started.</summary>
    public int BoundPort { get; private set; }

    /// <summary>The address listened on.</summary>
    public IPAddress Address => address;

    /// <inheritdoc />
    public Func<IMqttChannelAdapter, Task> ClientHandler
    {
        get => _inner.ClientHandler;
        set => _inner.ClientHandler = value;
    }

    /// <inheritdoc />
    public async Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        var own = new MqttServerOptions
        {
            DefaultCommunicationTimeout = options.DefaultCommunicationTimeout,
            WriterBufferSize = options.WriterBufferSize,
            WriterBufferSizeMax = options.WriterBufferSizeMax,
        };
        var endpoint = own.DefaultEndpointOptions;
        endpoint.IsEnabled = true;
        endpoint.BoundInterNetworkAddress = address.AddressFamily == AddressFamily.InterNetwork ? address : IPAddress.None;
        endpoint.BoundInterNetworkV6Address = address.AddressFamily == AddressFamily.InterNetworkV6 ? address : IPAddress.None;
        endpoint.Port = port();
        endpoint.NoDelay = options.DefaultEndpointOptions.NoDelay;
        endpoint.ConnectionBacklog = options.DefaultEndpointOptions.ConnectionBacklog;
        own.TlsEndpointOptions.IsEnabled = false;
        await _inner.StartAsync(own, logger).ConfigureAwait(false);

        // The listener writes the port it got back into the options (port 0: the OS chose).
        BoundPort = endpoint.Port;
    }

    /// <inheritdoc />
    public Task StopAsync() => _inner.StopAsync();

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();
}
