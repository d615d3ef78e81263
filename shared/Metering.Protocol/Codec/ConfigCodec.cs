using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>
    /// Encodes and decodes config messages (README.md, "Config"). Config is strict: unknown fields are refused,
    /// so a technician's typo is reported instead of silently ignored.
    /// </summary>
    public static class ConfigCodec
    {
        private const string ChannelsPath = "channels";

        /// <summary>Decodes a whole payload; null with <paramref name="error"/> set when it breaks the contract.</summary>
        public static ConfigMessage Decode(byte[] payload, out ProtocolError error)
        {
            return Decode(payload, 0, payload.Length, out error);
        }

        /// <summary>Decodes <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        public static ConfigMessage Decode(byte[] payload, int offset, int count, out ProtocolError error)
        {
            var reader = new JsonReader(payload, offset, count);
            var message = new ConfigMessage();
            error = ReadDocument(reader, message) ?? Validate(message);
            return error == null ? message : null;
        }

        /// <summary>Checks a message against the contract, including the per-kind channel rules; null when it is valid.</summary>
        public static ProtocolError Validate(ConfigMessage m)
        {
            ProtocolError e = CodecSupport.CheckDevice(m.DeviceId)
                ?? ConfigFields.Rev.CheckValue(m.Rev, null, 0)
                ?? (m.WindowSeconds == 0 ? null : ConfigFields.WindowS.CheckValue(m.WindowSeconds, null, 0))
                ?? (m.SaveSeconds == 0 ? null : ConfigFields.SaveS.CheckValue(m.SaveSeconds, null, 0))
                ?? ChannelListRules.CheckCount(m.Channels == null ? 0 : m.Channels.Length, ChannelsPath);
            for (int i = 0; e == null && i < m.Channels.Length; i++)
            {
                e = ChannelConfigRules.Check(m.Channels[i], ChannelsPath, i);
                for (int j = 0; e == null && j < i; j++)
                {
                    e = ChannelListRules.CheckDistinct(m.Channels[j].ChannelId, m.Channels[i].ChannelId, ChannelsPath, i)
                        ?? ChannelConfigRules.CheckDistinctAddress(m.Channels[j], m.Channels[i], ChannelsPath, i);
                }
            }

            return e;
        }

        /// <summary>Encodes into <paramref name="buffer"/> at <paramref name="offset"/>; returns the byte count. Absent (0) optional fields are not written.</summary>
        /// <exception cref="ProtocolException">The message breaks the contract or does not fit.</exception>
        public static int Encode(ConfigMessage m, byte[] buffer, int offset)
        {
            CodecSupport.ThrowIf(Validate(m));
            var w = new JsonWriter(buffer, offset, CodecSupport.Capacity(buffer, offset));
            w.BeginObject();
            w.Integer(ConfigFields.Version, ProtocolLimits.Version);
            w.String(ConfigFields.Device, m.DeviceId);
            w.Integer(ConfigFields.Rev, m.Rev);
            WriteIfSet(w, ConfigFields.WindowS, m.WindowSeconds);
            WriteIfSet(w, ConfigFields.SaveS, m.SaveSeconds);
            w.BeginArray(ConfigFields.Channels);
            for (int i = 0; i < m.Channels.Length; i++)
            {
                ChannelConfig c = m.Channels[i];
                w.BeginObject();
                w.Integer(ChannelConfigFields.Id, c.ChannelId);
                w.String(ChannelConfigFields.Kind, SensorKinds.Name(c.Kind));
                w.Integer(ChannelConfigFields.Address, c.Address);
                if (c.Label != null && c.Label.Length > 0)
                {
                    w.String(ChannelConfigFields.Label, c.Label);
                }

                WriteIfSet(w, ChannelConfigFields.RateHz, c.RateHz);
                if (c.GainPpm != ChannelConfig.UnityGainPpm)
                {
                    w.Integer(ChannelConfigFields.GainPpm, c.GainPpm);
                }

                WriteIfSet(w, ChannelConfigFields.OffsetMw, c.OffsetMilliwatts);
                WriteIfSet(w, ChannelConfigFields.ShuntMicroohms, c.ShuntMicroohms);
                WriteIfSet(w, ChannelConfigFields.MaxMilliamps, c.MaxCurrentMilliamps);
                WriteIfSet(w, ChannelConfigFields.BusRangeV, c.BusRangeVolts);
                WriteIfSet(w, ChannelConfigFields.AdcAverage, c.AdcAverage);
                w.EndObject();
            }

            w.EndArray();
            w.EndObject();
            return CodecSupport.Finish(w);
        }

        /// <summary>Encodes into a new array of exactly the payload's length.</summary>
        public static byte[] Encode(ConfigMessage m)
        {
            byte[] buffer = new byte[ProtocolLimits.MaxPayloadBytes];
            return CodecSupport.Copy(buffer, Encode(m, buffer, 0));
        }

        private static void WriteIfSet(JsonWriter w, FieldSpec spec, int value)
        {
            if (value != 0)
            {
                w.Integer(spec, value);
            }
        }

        private static ProtocolError ReadDocument(JsonReader r, ConfigMessage m)
        {
            if (!r.BeginDocument())
            {
                return r.Error;
            }

            FieldSpec[] specs = ConfigFields.All;
            int seen = 0;
            bool more;
            while (r.NextMember(null, 0, out more) && more)
            {
                int k = r.KeyIndex(specs);
                ProtocolError e = k < 0 ? CodecSupport.Unknown(r, true, null, 0) : CodecSupport.MarkSeen(ref seen, k, specs[k], null, 0) ?? ReadMember(r, m, k);
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

        private static ProtocolError ReadMember(JsonReader r, ConfigMessage m, int k)
        {
            ProtocolError e;
            switch (k)
            {
                case 0: return CodecSupport.ReadVersion(r, out e) ? null : e;
                case 1:
                    string s;
                    CodecSupport.ReadDevice(r, out s, out e);
                    m.DeviceId = s;
                    return e;
                case 5:
                    ChannelConfig[] channels;
                    e = ReadChannels(r, out channels);
                    m.Channels = channels;
                    return e;
            }

            long v;
            if (!r.ReadInteger(ConfigFields.All[k], null, 0, out v)) return r.Error;
            switch (k)
            {
                case 2: m.Rev = v; break;
                case 3: m.WindowSeconds = (int)v; break;
                default: m.SaveSeconds = (int)v; break;
            }

            return null;
        }

        private static ProtocolError ReadChannels(JsonReader r, out ChannelConfig[] channels)
        {
            channels = null;
            if (!r.BeginArray(ConfigFields.Channels, null, 0))
            {
                return r.Error;
            }

            var items = new ChannelConfig[ProtocolLimits.MaxChannels];
            int n = 0;
            bool more;
            while (r.NextItem(null, 0, ChannelsPath, out more) && more)
            {
                ProtocolError e = ChannelListRules.CheckRoom(n, ChannelsPath);
                if (e != null)
                {
                    return e;
                }

                var c = new ChannelConfig();
                e = ChannelConfigRules.Read(r, c, ChannelsPath, n);
                if (e != null)
                {
                    return e;
                }

                items[n++] = c;
            }

            if (r.Error != null)
            {
                return r.Error;
            }

            channels = new ChannelConfig[n];
            System.Array.Copy(items, channels, n);
            return ChannelListRules.CheckCount(n, ChannelsPath);
        }
    }
}
