using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Metering.Simulation.Fleet;

/// <summary>Publishes each device's config retained at QoS 1 on its config topic, as a technician would, and checks every PUBACK.</summary>
internal static class ConfigPublisher
{
    private const int InFlight = 100;

    /// <exception cref="InvalidOperationException">The broker cannot be reached, refused the account, or refused a config.</exception>
    public static async Task PublishAsync(SimulationOptions options, IReadOnlyList<SimulatedDevice> devices, CancellationToken cancellationToken)
    {
        var where = $"{options.BrokerHost}:{options.BrokerPort}";
        using var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder().WithTcpServer(options.BrokerHost, options.BrokerPort)
            .WithClientId("metering-sim-" + Guid.NewGuid().ToString("N")[..8]).WithCleanSession(true).WithTimeout(TimeSpan.FromSeconds(10));
        if (options.Username is not null)
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        MqttClientConnectResult connected;
        try
        {
            connected = await client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        }
        catch (MqttCommunicationException e)
        {
            throw new InvalidOperationException($"cannot reach the broker at {where}: {e.Message}", e);
        }

        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker at {where} refused the config publisher ({options.Username ?? "anonymous"}): {connected.ResultCode}");
        }

        foreach (var batch in devices.Chunk(InFlight))
        {
            var results = await Task.WhenAll(batch.Select(d => client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(Metering.Protocol.Topics.For(d.DeviceId, Metering.Protocol.MessageKind.Config)).WithPayload(d.ConfigPayload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build(), cancellationToken))).ConfigureAwait(false);
            var refused = results.Select((r, i) => (r.ReasonCode, batch[i].DeviceId))
                .FirstOrDefault(r => r.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers));
            if (refused.DeviceId is not null)
            {
                throw new InvalidOperationException(
                    $"the broker at {where} refused the config of {refused.DeviceId}: {refused.ReasonCode} (the account needs write access to metering/v1/+/config)");
            }
        }

        await client.DisconnectAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
