namespace Metering.Protocol
{
    /// <summary>A decoded message of any kind, with the topic it came on.</summary>
    public sealed class DecodedMessage
    {
        internal DecodedMessage(MessageKind kind, string deviceId, object message)
        {
            Kind = kind;
            DeviceId = deviceId;
            Message = message;
        }

        /// <summary>Which kind (and so which type <see cref="Message"/> has).</summary>
        public MessageKind Kind { get; private set; }

        /// <summary>The device id of the topic (equal to the payload's).</summary>
        public string DeviceId { get; private set; }

        /// <summary>A TelemetryMessage, StatusMessage, ConfigMessage or EventMessage.</summary>
        public object Message { get; private set; }
    }

    /// <summary>
    /// Decodes a payload by its topic and checks that the payload's device id is the topic's
    /// (a device may publish only under its own prefix; the collector re-checks whatever the broker allows).
    /// </summary>
    public static class MessageDecoder
    {
        /// <summary>Decodes; null with <paramref name="error"/> set (<c>invalid_topic</c>, <c>device_mismatch</c> or the payload's reason).</summary>
        public static DecodedMessage Decode(string topic, byte[] payload, int offset, int count, out ProtocolError error)
        {
            string deviceId;
            MessageKind kind;
            if (!Topics.TryParse(topic, out deviceId, out kind))
            {
                error = new ProtocolError(ErrorReason.InvalidTopic, "$", "topic is not metering/v1/{device}/{telemetry|status|config|event}", -1);
                return null;
            }

            object message;
            string payloadDevice;
            switch (kind)
            {
                case MessageKind.Telemetry:
                    TelemetryMessage t = TelemetryCodec.Decode(payload, offset, count, out error);
                    message = t;
                    payloadDevice = t == null ? null : t.DeviceId;
                    break;
                case MessageKind.Status:
                    StatusMessage s = StatusCodec.Decode(payload, offset, count, out error);
                    message = s;
                    payloadDevice = s == null ? null : s.DeviceId;
                    break;
                case MessageKind.Config:
                    ConfigMessage c = ConfigCodec.Decode(payload, offset, count, out error);
                    message = c;
                    payloadDevice = c == null ? null : c.DeviceId;
                    break;
                default:
                    EventMessage e = EventCodec.Decode(payload, offset, count, out error);
                    message = e;
                    payloadDevice = e == null ? null : e.DeviceId;
                    break;
            }

            if (message == null)
            {
                return null;
            }

            if (payloadDevice != deviceId)
            {
                error = new ProtocolError(ErrorReason.DeviceMismatch, "device",
                    "payload says '" + payloadDevice + "' on the topic of '" + deviceId + "'", -1);
                return null;
            }

            return new DecodedMessage(kind, deviceId, message);
        }

        /// <summary>Decodes a whole payload.</summary>
        public static DecodedMessage Decode(string topic, byte[] payload, out ProtocolError error)
        {
            return Decode(topic, payload, 0, payload.Length, out error);
        }
    }
}
