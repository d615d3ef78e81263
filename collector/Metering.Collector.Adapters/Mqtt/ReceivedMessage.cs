namespace Metering.Collector.Mqtt;

/// <summary>An MQTT message as received, not yet acknowledged: <see cref="AcknowledgeAsync"/> is called only once its data is durable.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, long ReceivedMs, Func<CancellationToken, Task> AcknowledgeAsync);
