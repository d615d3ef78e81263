using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>Encodes and decodes event messages (README.md, "Event").</summary>
    public static class EventCodec
    {
        /// <summary>Decodes a whole payload; null with <paramref name="error"/> set when it breaks the contract.</summary>
        public static EventMessage Decode(byte[] payload, out ProtocolError error)
        {
            return Decode(payload, 0, payload.Length, out error);
        }

        /// <summary>Decodes <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        public static EventMessage Decode(byte[] payload, int offset, int count, out ProtocolError error)
        {
            var reader = new JsonReader(payload, offset, count);
            var message = new EventMessage();
            error = ReadDocument(reader, message) ?? Validate(message);
            return error == null ? message : null;
        }

        /// <summary>Checks a message against the contract; null when it is valid.</summary>
        public static ProtocolError Validate(EventMessage m)
        {
            if (!EventKinds.IsToken(m.Kind))
            {
                return m.Kind == null ? EventFields.Kind.Missing(null, 0)
                    : CodecSupport.InvalidValue(EventFields.Kind, null, 0, "kind is a token of 1-32 of a-z, 0-9 and '_'");
            }

            return CodecSupport.CheckDevice(m.DeviceId)
                ?? EventFields.Boot.CheckValue(m.Boot, null, 0)
                ?? EventFields.TimeMs.CheckValue(m.TimeMs, null, 0)
                ?? CodecSupport.CheckOptional(EventFields.UptimeMs, m.UptimeMs, null, 0)
                ?? CodecSupport.CheckOptional(EventFields.Channel, m.Channel, null, 0)
                ?? CodecSupport.CheckOptional(EventFields.Rev, m.Rev, null, 0)
                ?? (m.Detail == null ? null : EventFields.Detail.CheckLength(m.Detail.Length, null, 0));
        }

        /// <summary>Encodes into <paramref name="buffer"/> at <paramref name="offset"/>; returns the byte count.</summary>
        /// <exception cref="ProtocolException">The message breaks the contract or does not fit.</exception>
        public static int Encode(EventMessage m, byte[] buffer, int offset)
        {
            CodecSupport.ThrowIf(Validate(m));
            var w = new JsonWriter(buffer, offset, CodecSupport.Capacity(buffer, offset));
            w.BeginObject();
            w.Integer(EventFields.Version, ProtocolLimits.Version);
            w.String(EventFields.Device, m.DeviceId);
            w.Integer(EventFields.Boot, m.Boot);
            w.Integer(EventFields.TimeMs, m.TimeMs);
            CodecSupport.WriteOptional(w, EventFields.UptimeMs, m.UptimeMs);
            w.Boolean(EventFields.Synced, m.ClockSynced);
            w.String(EventFields.Kind, m.Kind);
            CodecSupport.WriteOptional(w, EventFields.Channel, m.Channel);
            CodecSupport.WriteOptional(w, EventFields.Rev, m.Rev);

            if (m.Detail != null)
            {
                w.String(EventFields.Detail, m.Detail);
            }

            w.EndObject();
            return CodecSupport.Finish(w);
        }

        /// <summary>Encodes into a new array of exactly the payload's length.</summary>
        public static byte[] Encode(EventMessage m)
        {
            byte[] buffer = new byte[ProtocolLimits.MaxPayloadBytes];
            return CodecSupport.Copy(buffer, Encode(m, buffer, 0));
        }

        private static ProtocolError ReadDocument(JsonReader r, EventMessage m)
        {
            if (!r.BeginDocument())
            {
                return r.Error;
            }

            FieldSpec[] specs = EventFields.All;
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

            return CodecSupport.FirstMissing(specs, seen, null, 0);
        }

        private static ProtocolError ReadMember(JsonReader r, EventMessage m, int k)
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
                case 5:
                    bool b;
                    if (!r.ReadBoolean(EventFields.Synced, null, 0, out b)) return r.Error;
                    m.ClockSynced = b;
                    return null;
                case 6:
                case 9:
                    if (!r.ReadString(EventFields.All[k], null, 0, out s)) return r.Error;
                    if (k == 9)
                    {
                        m.Detail = s;
                        return null;
                    }

                    m.Kind = s;
                    return EventKinds.IsToken(s) ? null : CodecSupport.InvalidValue(EventFields.Kind, null, 0, "kind is a token of 1-32 of a-z, 0-9 and '_'");
            }

            long v;
            if (!r.ReadInteger(EventFields.All[k], null, 0, out v)) return r.Error;
            switch (k)
            {
                case 2: m.Boot = v; break;
                case 3: m.TimeMs = v; break;
                case 4: m.UptimeMs = v; break;
                case 7: m.Channel = (int)v; break;
                default: m.Rev = v; break;
            }

            return null;
        }
    }
}
