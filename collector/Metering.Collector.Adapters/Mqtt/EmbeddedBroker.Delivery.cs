using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The direct path for device messages (README.md, "Flow control"). MQTTnet dispatches each publish by checking the
/// subscriptions of every session that subscribed to anything: every device, for its config topic. At 3,000 devices
/// that check cost more CPU than ingest itself (measured: 22 % of the collector's samples in MQTTnet's dispatch, under
/// 1 % in ingest, 460 messages/s stored). So while the collector's session is the only one subscribed to anything but
/// config topics, a device's non-retained telemetry or event goes straight into that session's queue; retained
/// messages (status, the retained store must see them) and any broker with another such subscriber take MQTTnet's path.
/// </summary>
public sealed partial class EmbeddedBroker
{
    // Per client id, its topic filters that may match a device's message (every filter but a literal config topic).
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _consumers = new(StringComparer.Ordinal);
    private readonly Lock _consumersLock = new();
    private volatile string? _soleConsumer;

    /// <summary>Publishes that took the direct path to the collector's session.</summary>
    public long DirectDeliveries => Interlocked.Read(ref _directDeliveries);

    private long _directDeliveries;

    /// <summary>
    /// Queues <paramref name="e"/>'s message directly into the collector's session when that session is the only
    /// consumer of device messages and subscribed to its topic; true when it did (the publisher gets its PUBACK).
    /// </summary>
    private async Task<bool> TryDeliverDirectAsync(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        var consumer = _soleConsumer;
        if (message.Retain || consumer is null || !_controlled.ContainsKey(consumer) || !_consumers.TryGetValue(consumer, out var filters)
            || !filters.Keys.Any(f => MqttTopicFilterComparer.Compare(message.Topic, f) == MqttTopicFilterCompareResult.IsMatch))
        {
            return false;
        }

        MqttSessionStatus session;
        try
        {
            session = await _server!.GetSessionAsync(consumer).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return false; // no session (yet): MQTTnet's path counts the message as not consumed
        }

        var copy = new MqttApplicationMessage
        {
            Topic = message.Topic,
            Payload = message.Payload,
            QualityOfServiceLevel = message.QualityOfServiceLevel > MqttQualityOfServiceLevel.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : message.QualityOfServiceLevel,
            ContentType = message.ContentType,
            PayloadFormatIndicator = message.PayloadFormatIndicator,
            UserProperties = message.UserProperties,
        };
        var bytes = message.Payload.Length;
        FlowControl.Queued(bytes); // before the enqueue: the collector may acknowledge it at once
        if (session.TryEnqueueApplicationMessage(copy, out _))
        {
            Counters.Queued();
            Interlocked.Increment(ref _directDeliveries);
        }
        else
        {
            FlowControl.Removed(bytes);
            Dropped(consumer, e.ClientId, message.Topic);
        }

        e.ProcessPublish = false; // delivered here; MQTTnet still answers the publisher with a PUBACK (success)
        return true;
    }

    private Task OnSubscribedAsync(ClientSubscribedTopicEventArgs e)
    {
        if (!IsConfigOnly(e.TopicFilter.Topic))
        {
            lock (_consumersLock)
            {
                _consumers.GetOrAdd(e.ClientId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[e.TopicFilter.Topic] = 0;
                UpdateSoleConsumerLocked();
            }
        }

        return Task.CompletedTask;
    }

    private Task OnUnsubscribedAsync(ClientUnsubscribedTopicEventArgs e)
    {
        lock (_consumersLock)
        {
            if (_consumers.TryGetValue(e.ClientId, out var filters) && filters.TryRemove(e.TopicFilter, out _) && filters.IsEmpty)
            {
                _consumers.TryRemove(e.ClientId, out _);
            }

            UpdateSoleConsumerLocked();
        }

        return Task.CompletedTask;
    }

    /// <summary>The session of <paramref name="clientId"/> is gone or starts clean: it subscribes to nothing.</summary>
    private void ForgetSubscriptions(string clientId)
    {
        lock (_consumersLock)
        {
            _consumers.TryRemove(clientId, out _);
            UpdateSoleConsumerLocked();
        }
    }

    private void UpdateSoleConsumerLocked() => _soleConsumer = _consumers.Count == 1 ? _consumers.Keys.First() : null;

    /// <summary>A filter whose last level is literally <c>config</c> matches config topics only, never a device's message.</summary>
    private static bool IsConfigOnly(string filter) => filter.EndsWith("/" + Metering.Protocol.Topics.ConfigSuffix, StringComparison.Ordinal);
}
