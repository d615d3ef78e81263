using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>Encodes and decodes status messages: birth, periodic health, last will (README.md, "Status").</summary>
    public static class StatusCodec
    {
        private const string ChannelsPath = "channels";

        /// <summary>Decodes a whole payload; null with <paramref name="error"/> set when it breaks the contract.</summary>
        public static StatusMessage Decode(byte[] payload, out ProtocolError error)
        {
            return Decode(payload, 0, payload.Length, out error);
        }

        /// <summary>Decodes <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        public static StatusMessage Decode(byte[] payload, int offset, int count, out ProtocolError error)
        {
            var reader = new JsonReader(payload, offset, count);
            var message = new StatusMessage();
            error = ReadDocument(reader, message) ?? Validate(message);
            return error == null ? message : null;
        }

        /// <summary>Checks a message against the contract; null when it is valid.</summary>
        public static ProtocolError Validate(StatusMessage m)
        {
            ProtocolError e = CodecSupport.CheckDevice(m.DeviceId);
            if (e != null)
            {
                return e;
            }

            if (m.State == DeviceState.Unknown)
            {
                return CodecSupport.InvalidValue(StatusFields.State, null, 0, "state is online or offline");
            }

            if (m.State == DeviceState.Online)
            {
                e = m.FirmwareVersion == null ? StatusFields.Firmware.Missing(null, 0)
                    : m.Boot == -1 ? StatusFields.Boot.Missing(null, 0)
                    : m.UptimeSeconds == -1 ? StatusFields.UptimeS.Missing(null, 0)
                    : null;
            }

            e = e ?? (m.FirmwareVersion == null ? null : StatusFields.Firmware.CheckLength(m.FirmwareVersion.Length, null, 0))
                ?? CodecSupport.CheckOptional(StatusFields.Incarnation, m.Incarnation, null, 0)
                ?? CodecSupport.CheckOptional(StatusFields.Boot, m.Boot, null, 0)
                ?? CodecSupport.CheckOptional(StatusFields.UptimeS, m.UptimeSeconds, null, 0)
                ?? CodecSupport.CheckOptional(StatusFields.ConfigRev, m.ConfigRev, null, 0)
                ?? CodecSupport.CheckOptional(StatusFields.HeapFree, m.HeapFreeBytes, null, 0)
                ?? (m.RssiDbm == StatusMessage.Absent ? null : StatusFields.Rssi.CheckValue(m.RssiDbm, null, 0))
                ?? CodecSupport.CheckOptional(StatusFields.Reconnects, m.Reconnects, null, 0)
                ?? CodecSupport.CheckOptional(StatusFields.QueueDepth, m.QueueDepth, null, 0)
                ?? CodecSupport.CheckOptional(StatusFields.QueueDropped, m.QueueDropped, null, 0);
            if (e != null || m.Channels == null)
            {
                return e;
            }

            e = m.Channels.Length > ProtocolLimits.MaxChannels ? ChannelListRules.CheckRoom(m.Channels.Length, ChannelsPath) : null;
            for (int i = 0; e == null && i < m.Channels.Length; i++)
            {
                e = ValidateChannel(m.Channels[i], i);
                for (int j = 0; e == null && j < i; j++)
                {
                    e = ChannelListRules.CheckDistinct(m.Channels[j].ChannelId, m.Channels[i].ChannelId, ChannelsPath, i);
                }
            }

            return e;
        }

        /// <summary>Encodes into <paramref name="buffer"/> at <paramref name="offset"/>; returns the byte count.</summary>
        /// <exception cref="ProtocolException">The message breaks the contract or does not fit.</exception>
        public static int Encode(StatusMessage m, byte[] buffer, int offset)
        {
            CodecSupport.ThrowIf(Validate(m));
            var w = new JsonWriter(buffer, offset, CodecSupport.Capacity(buffer, offset));
            w.BeginObject();
            w.Integer(StatusFields.Version, ProtocolLimits.Version);
            w.String(StatusFields.Device, m.DeviceId);
            w.String(StatusFields.State, m.State == DeviceState.Online ? "online" : "offline");
            if (m.FirmwareVersion != null)
            {
                w.String(StatusFields.Firmware, m.FirmwareVersion);
            }

            CodecSupport.WriteOptional(w, StatusFields.Incarnation, m.Incarnation);
            CodecSupport.WriteOptional(w, StatusFields.Boot, m.Boot);
            CodecSupport.WriteOptional(w, StatusFields.UptimeS, m.UptimeSeconds);
            CodecSupport.WriteOptional(w, StatusFields.ConfigRev, m.ConfigRev);
            CodecSupport.WriteOptional(w, StatusFields.HeapFree, m.HeapFreeBytes);
            if (m.RssiDbm != StatusMessage.Absent)
            {
                w.Integer(StatusFields.Rssi, m.RssiDbm);
            }

            CodecSupport.WriteOptional(w, StatusFields.Reconnects, m.Reconnects);
            CodecSupport.WriteOptional(w, StatusFields.QueueDepth, m.QueueDepth);
            CodecSupport.WriteOptional(w, StatusFields.QueueDropped, m.QueueDropped);
            if (m.Channels != null)
            {
                w.BeginArray(StatusFields.Channels);
                for (int i = 0; i < m.Channels.Length; i++)
                {
                    ChannelHealth c = m.Channels[i];
                    w.BeginObject();
                    w.Integer(ChannelHealthFields.Id, c.ChannelId);
                    w.String(ChannelHealthFields.Kind, SensorKinds.Name(c.Kind));
                    w.Integer(ChannelHealthFields.Errors, c.ErrorCount);
                    if (c.Fault != null)
                    {
                        w.String(ChannelHealthFields.Fault, c.Fault);
                    }

                    w.EndObject();
                }

                w.EndArray();
            }

            w.EndObject();
            return CodecSupport.Finish(w);
        }

        /// <summary>Encodes into a new array of exactly the payload's length.</summary>
        public static byte[] Encode(StatusMessage m)
        {
            byte[] buffer = new byte[ProtocolLimits.MaxPayloadBytes];
            return CodecSupport.Copy(buffer, Encode(m, buffer, 0));
        }

        private static ProtocolError ValidateChannel(ChannelHealth c, int i)
        {
            if (c == null)
            {
                return new ProtocolError(ErrorReason.MissingField, ProtocolError.Path(ChannelsPath, i, null), "channel is null", -1);
            }

            if (c.Kind == SensorKind.Unknown)
            {
                return CodecSupport.InvalidValue(ChannelHealthFields.Kind, ChannelsPath, i, "sensor kinds are ina219 and pzem004t");
            }

            if (c.Fault != null && !EventKinds.IsToken(c.Fault))
            {
                return CodecSupport.InvalidValue(ChannelHealthFields.Fault, ChannelsPath, i, "fault is a token of a-z, 0-9 and '_'");
            }

            return ChannelHealthFields.Id.CheckValue(c.ChannelId, ChannelsPath, i)
                ?? ChannelHealthFields.Errors.CheckValue(c.ErrorCount, ChannelsPath, i);
        }

        private static ProtocolError ReadDocument(JsonReader r, StatusMessage m)
        {
            if (!r.BeginDocument())
            {
                return r.Error;
            }

            FieldSpec[] specs = StatusFields.All;
            int seen = 0;
            bool more;
            while (r.NextMember(null, 0, out more) && more)
            {
                int k = r.KeyIndex(specs);
                ProtocolError e = k < 0 ? CodecSupport.Unknown(r, false, null, 0) : CodecSupport.MarkSeen(ref seen, k, specs[k], null, 0) ?? ReadMember(r, m, k);
                if (e != null)
                {
                    return e;
                }
            }

            if (r.Error != null || !r.EndDocument())
            {
                return r.Error;
            }

            // fw, boot and uptime_s are required when online; Validate reports their absence.
            return CodecSupport.FirstMissing(specs, seen, null, 0);
        }

        private static ProtocolError ReadMember(JsonReader r, StatusMessage m, int k)
        {
            ProtocolError e;
            string s;
            switch (k)
            {
                case 0: return CodecSupport.ReadVersion(r, out e) ? null : e;
                case 1:
                    CodecSupport.ReadDevice(r, out s, out e);
                    m.DeviceId = s;
                    return e;
                case 2:
                    if (!r.ReadString(StatusFields.State, null, 0, out s)) return r.Error;
                    m.State = s == "online" ? DeviceState.Online : s == "offline" ? DeviceState.Offline : DeviceState.Unknown;
                    return m.State == DeviceState.Unknown ? CodecSupport.InvalidValue(StatusFields.State, null, 0, "state is online or offline") : null;
                case 3:
                    if (!r.ReadString(StatusFields.Firmware, null, 0, out s)) return r.Error;
                    m.FirmwareVersion = s;
                    return null;
                case 13:
                    ChannelHealth[] channels;
                    e = ChannelHealthReader.ReadAll(r, out channels);
                    m.Channels = channels;
                    return e;
            }

            long v;
            if (!r.ReadInteger(StatusFields.All[k], null, 0, out v)) return r.Error;
            switch (k)
            {
                case 4: m.Incarnation = v; break;
                case 5: m.Boot = v; break;
                case 6: m.UptimeSeconds = v; break;
                case 7: m.ConfigRev = v; break;
                case 8: m.HeapFreeBytes = v; break;
                case 9: m.RssiDbm = (int)v; break;
                case 10: m.Reconnects = v; break;
                case 11: m.QueueDepth = v; break;
                default: m.QueueDropped = v; break;
            }

            return null;
        }
    }
}
