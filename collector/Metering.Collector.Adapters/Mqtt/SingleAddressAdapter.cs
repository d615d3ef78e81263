using System.Net;
using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The broker's TCP listener on exactly one address (MQTTnet's default endpoint binds one IPv4 and one IPv6 address,
/// both "any" unless told otherwise; one of these per address gives an explicit list instead; the first one started
/// may bind port 0 and the others then share the port it got). It accepts connections itself rather than through
/// MQTTnet's listener so that each connection's channel passes through <see cref="PacketSizeLimit"/>: a packet over
/// the maximum size is refused at its fixed header instead of being buffered whole.
/// </summary>
internal sealed class SingleAddressAdapter(IPAddress address, Func<int> port, int maxPacketBytes, Action<EndPoint?, int, long> tooLarge) : IMqttServerAdapter
{
    private Socket? _listener;
    private CancellationTokenSource? _stop;

    /// <summary>The port bound, once started.</summary>
    public int BoundPort { get; private set; }

    /// <summary>The address listened on.</summary>
    public IPAddress Address => address;

    /// <inheritdoc />
    public Func<IMqttChannelAdapter, Task> ClientHandler { get; set; } = _ => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, port()));
            listener.Listen(options.DefaultEndpointOptions.ConnectionBacklog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        BoundPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _stop = new CancellationTokenSource();
        _ = Task.Run(() => AcceptAsync(listener, options, logger, _stop.Token));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync()
    {
        _stop?.Cancel();
        _listener?.Dispose();
        _listener = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        StopAsync();
        _stop?.Dispose();
    }

    private async Task AcceptAsync(Socket listener, MqttServerOptions options, IMqttNetLogger logger, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a connection reset before it was accepted
            }

            _ = Task.Run(() => ServeAsync(client, options, logger), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, MqttServerOptions options, IMqttNetLogger logger)
    {
        var remote = client.RemoteEndPoint;
        client.NoDelay = options.DefaultEndpointOptions.NoDelay;
        var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var channel = new PacketSizeLimit(new MqttTcpChannel(stream, client.LocalEndPoint, remote, null), maxPacketBytes, (type, size) => tooLarge(remote, type, size));
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, logger) { AllowPacketFragmentation = options.DefaultEndpointOptions.AllowPacketFragmentation };
            await ClientHandler(adapter).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One client's failure ends its connection, never the listener.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
