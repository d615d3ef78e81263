using Metering.Firmware.Core.Forwarding;
using Metering.Firmware.Core.Platform;
using Metering.Protocol;

namespace Metering.Firmware.Core.Session
{
    /// <summary>
    /// The device's MQTT session: connects with a retained "offline" last will, subscribes to its config topic,
    /// publishes the retained "online" birth, sends queued telemetry in order with a bounded number in flight, and
    /// reconnects with capped, jittered backoff. Driven by <see cref="Step"/> from the service loop; the link's
    /// callbacks may come from any thread.
    /// </summary>
    public sealed class MqttSession : IMqttLinkEvents
    {
        private readonly IMqttLink _link;
        private readonly IClock _clock;
        private TelemetryQueue _queue;
        private readonly Backoff _backoff;
        private readonly string _deviceId;
        private readonly string _username;
        private readonly string _password;
        private readonly int _maxInFlight;
        private readonly string _telemetryTopic;
        private readonly string _statusTopic;
        private readonly string _configTopic;
        private readonly string _eventTopic;
        private readonly object _lock = new object();
        private byte[] _pendingConfig;
        private bool _connected;
        private bool _lost;
        private long _nextAttemptMicroseconds;

        /// <summary>Creates the session of <paramref name="deviceId"/>.</summary>
        public MqttSession(string deviceId, string username, string password, IMqttLink link, IClock clock, TelemetryQueue queue, int maxInFlight, Backoff backoff)
        {
            _deviceId = deviceId;
            _username = username;
            _password = password;
            _link = link;
            _clock = clock;
            _queue = queue;
            _maxInFlight = maxInFlight < 1 ? 1 : maxInFlight;
            _backoff = backoff;
            _telemetryTopic = Topics.For(deviceId, MessageKind.Telemetry);
            _statusTopic = Topics.For(deviceId, MessageKind.Status);
            _configTopic = Topics.For(deviceId, MessageKind.Config);
            _eventTopic = Topics.For(deviceId, MessageKind.Event);
            link.Attach(this);
        }

        /// <summary>Switches to a new queue (after a config change resized it); unacknowledged windows were moved into it.</summary>
        public void UseQueue(TelemetryQueue queue)
        {
            _queue = queue;
            queue.ResendUnacknowledged();
        }

        /// <summary>Connections lost since boot.</summary>
        public long Reconnects { get; private set; }

        /// <summary>Failed connection attempts since boot.</summary>
        public long FailedAttempts { get; private set; }

        /// <summary>True while connected and set up (subscribed, birth sent).</summary>
        public bool Connected { get { return _connected; } }

        /// <summary>
        /// One step: notice a lost connection, connect when the backoff allows (will, subscription, birth from
        /// <paramref name="birth"/>), then send queued telemetry up to the in-flight bound.
        /// </summary>
        public void Step(IBirthSource birth)
        {
            long now = _clock.MonotonicMicroseconds;
            bool lost;
            lock (_lock)
            {
                lost = _lost;
                _lost = false;
            }

            if (_connected && (lost || !_link.IsConnected))
            {
                Drop(now);
            }

            if (!_connected && now >= _nextAttemptMicroseconds)
            {
                TryConnect(now, birth);
            }

            if (_connected)
            {
                SendQueued(now);
            }
        }

        /// <summary>Publishes a retained status (birth or periodic health); false when not connected or it could not be sent.</summary>
        public bool PublishStatus(byte[] payload, int length)
        {
            return _connected && PublishOther(_statusTopic, payload, length, true) > 0;
        }

        /// <summary>Publishes an event; false when not connected or it could not be sent.</summary>
        public bool PublishEvent(byte[] payload, int length)
        {
            return _connected && PublishOther(_eventTopic, payload, length, false) > 0;
        }

        /// <summary>The config payload received since the last call, or null.</summary>
        public byte[] TakeConfig()
        {
            lock (_lock)
            {
                byte[] c = _pendingConfig;
                _pendingConfig = null;
                return c;
            }
        }

        /// <inheritdoc />
        public void OnPublished(int messageId)
        {
            _queue.Acknowledge(messageId);
        }

        /// <inheritdoc />
        public void OnMessage(string topic, byte[] payload)
        {
            if (topic == _configTopic)
            {
                lock (_lock)
                {
                    _pendingConfig = payload;
                }
            }
        }

        /// <inheritdoc />
        public void OnConnectionLost()
        {
            lock (_lock)
            {
                _lost = true;
            }
        }

        private void TryConnect(long now, IBirthSource birth)
        {
            int willLength;
            byte[] will = birth.LastWill(out willLength);
            byte[] exactWill = new byte[willLength];
            System.Array.Copy(will, exactWill, willLength);
            if (_link.Connect(_deviceId, _username, _password, _statusTopic, exactWill) && _link.Subscribe(_configTopic))
            {
                int length;
                byte[] status = birth.Birth(out length);
                if (PublishOther(_statusTopic, status, length, true) > 0)
                {
                    _connected = true;
                    _backoff.Reset();
                    _queue.ResendUnacknowledged();
                    return;
                }
            }

            FailedAttempts++;
            _link.Disconnect();
            _nextAttemptMicroseconds = now + _backoff.NextDelayMicroseconds();
        }

        /// <summary>
        /// Publishes a message that is not telemetry. Its PUBACK may already have been reported (and parked by the queue as
        /// a possible early telemetry acknowledgement) before Publish returned: once it has, nothing parked can belong to
        /// a window, so the queue forgets it.
        /// </summary>
        private int PublishOther(string topic, byte[] payload, int length, bool retain)
        {
            int id = _link.Publish(topic, payload, 0, length, retain);
            _queue.ForgetEarlyAcks();
            return id;
        }

        private void Drop(long now)
        {
            _connected = false;
            Reconnects++;
            _queue.ResendUnacknowledged();
            _nextAttemptMicroseconds = now + _backoff.NextDelayMicroseconds();
        }

        private void SendQueued(long now)
        {
            while (_queue.InFlight < _maxInFlight)
            {
                int length;
                byte[] payload = _queue.PeekUnsent(out length);
                if (payload == null)
                {
                    return;
                }

                int id = _link.Publish(_telemetryTopic, payload, 0, length, false);
                if (id == 0)
                {
                    // The client's in-flight queue is full: send the rest on a later step.
                    return;
                }

                if (id < 0)
                {
                    _link.Disconnect();
                    Drop(now);
                    return;
                }

                _queue.MarkSent(id);
            }
        }
    }

    /// <summary>Supplies the birth status and the last will at connect time (encoded, in a reused buffer).</summary>
    public interface IBirthSource
    {
        /// <summary>The retained "online" status to publish right after connecting.</summary>
        byte[] Birth(out int length);

        /// <summary>The retained "offline" status the broker publishes if the device vanishes.</summary>
        byte[] LastWill(out int length);
    }
}
