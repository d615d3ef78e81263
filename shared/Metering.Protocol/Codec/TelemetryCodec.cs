using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>Encodes and decodes telemetry messages (README.md, "Telemetry").</summary>
    public static class TelemetryCodec
    {
        private const string ChannelsPath = "channels";

        /// <summary>Decodes a whole payload; null with <paramref name="error"/> set when it breaks the contract.</summary>
        public static TelemetryMessage Decode(byte[] payload, out ProtocolError error)
        {
            return Decode(payload, 0, payload.Length, out error);
        }

        /// <summary>Decodes <paramref name="count"/> bytes at <paramref name="offset"/>; null with <paramref name="error"/> set when they break the contract.</summary>
        public static TelemetryMessage Decode(byte[] payload, int offset, int count, out ProtocolError error)
        {
            var reader = new JsonReader(payload, offset, count);
            var message = new TelemetryMessage();
            error = ReadDocument(reader, message) ?? Validate(message);
            return error == null ? message : null;
        }

        /// <summary>Checks a message against the contract; null when it is valid.</summary>
        public static ProtocolError Validate(TelemetryMessage m)
        {
            ProtocolError e = CodecSupport.CheckDevice(m.DeviceId)
                ?? CodecSupport.CheckOptional(TelemetryFields.Incarnation, m.Incarnation, null, 0)
                ?? TelemetryFields.Boot.CheckValue(m.Boot, null, 0)
                ?? TelemetryFields.Sequence.CheckValue(m.Sequence, null, 0)
                ?? TelemetryFields.StartMs.CheckValue(m.WindowStartMs, null, 0)
                ?? TelemetryFields.EndMs.CheckValue(m.WindowEndMs, null, 0)
                ?? CodecSupport.CheckOptional(TelemetryFields.UptimeMs, m.UptimeMs, null, 0);
            if (e != null)
            {
                return e;
            }

            if (m.WindowEndMs < m.WindowStartMs)
            {
                return new ProtocolError(ErrorReason.WindowEndBeforeStart, "end_ms", "end_ms is earlier than start_ms", -1);
            }

            e = ChannelListRules.CheckCount(m.Channels == null ? 0 : m.Channels.Length, ChannelsPath);
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
        public static int Encode(TelemetryMessage m, byte[] buffer, int offset)
        {
            CodecSupport.ThrowIf(Validate(m));
            var w = new JsonWriter(buffer, offset, CodecSupport.Capacity(buffer, offset));
            w.BeginObject();
            w.Integer(TelemetryFields.Version, ProtocolLimits.Version);
            w.String(TelemetryFields.Device, m.DeviceId);
            CodecSupport.WriteOptional(w, TelemetryFields.Incarnation, m.Incarnation);
            w.Integer(TelemetryFields.Boot, m.Boot);
            w.Integer(TelemetryFields.Sequence, m.Sequence);
            w.Integer(TelemetryFields.StartMs, m.WindowStartMs);
            w.Integer(TelemetryFields.EndMs, m.WindowEndMs);
            CodecSupport.WriteOptional(w, TelemetryFields.UptimeMs, m.UptimeMs);
            w.Boolean(TelemetryFields.Synced, m.ClockSynced);
            w.BeginArray(TelemetryFields.Channels);
            for (int i = 0; i < m.Channels.Length; i++)
            {
                WriteChannel(w, m.Channels[i]);
            }

            w.EndArray();
            w.EndObject();
            return CodecSupport.Finish(w);
        }

        /// <summary>Encodes into a new array of exactly the payload's length.</summary>
        /// <exception cref="ProtocolException">The message breaks the contract or does not fit.</exception>
        public static byte[] Encode(TelemetryMessage m)
        {
            byte[] buffer = new byte[ProtocolLimits.MaxPayloadBytes];
            return CodecSupport.Copy(buffer, Encode(m, buffer, 0));
        }

        private static void WriteChannel(JsonWriter w, ChannelReading c)
        {
            w.BeginObject();
            w.Integer(ChannelReadingFields.Id, c.ChannelId);
            w.String(ChannelReadingFields.Kind, SensorKinds.Name(c.Kind));
            w.Integer(ChannelReadingFields.Epoch, c.Epoch);
            w.Integer(ChannelReadingFields.EnergyMj, c.EnergyMillijoules);
            CodecSupport.WriteOptional(w, ChannelReadingFields.PrevEpoch, c.PreviousEpoch);
            CodecSupport.WriteOptional(w, ChannelReadingFields.PrevEnergyMj, c.PreviousEnergyMillijoules);
            w.Integer(ChannelReadingFields.Samples, c.SampleCount);
            w.Integer(ChannelReadingFields.Errors, c.ErrorCount);
            if (c.SampleCount > 0)
            {
                w.Integer(ChannelReadingFields.PowerMean, c.PowerMeanMilliwatts);
                w.Integer(ChannelReadingFields.PowerMin, c.PowerMinMilliwatts);
                w.Integer(ChannelReadingFields.PowerMax, c.PowerMaxMilliwatts);
                w.Integer(ChannelReadingFields.VoltageMean, c.VoltageMeanMillivolts);
                w.Integer(ChannelReadingFields.CurrentMean, c.CurrentMeanMilliamps);
            }

            w.EndObject();
        }

        private static ProtocolError ValidateChannel(ChannelReading c, int i)
        {
            if (c == null)
            {
                return new ProtocolError(ErrorReason.MissingField, ProtocolError.Path(ChannelsPath, i, null), "channel is null", -1);
            }

            if (c.Kind == SensorKind.Unknown)
            {
                return CodecSupport.InvalidValue(ChannelReadingFields.Kind, ChannelsPath, i, "sensor kinds are ina219 and pzem004t");
            }

            ProtocolError e = ChannelReadingFields.Id.CheckValue(c.ChannelId, ChannelsPath, i)
                ?? ChannelReadingFields.Epoch.CheckValue(c.Epoch, ChannelsPath, i)
                ?? ChannelReadingFields.EnergyMj.CheckValue(c.EnergyMillijoules, ChannelsPath, i)
                ?? ChannelReadingReader.CheckLineage(c, ChannelsPath, i)
                ?? ChannelReadingFields.Samples.CheckValue(c.SampleCount, ChannelsPath, i)
                ?? ChannelReadingFields.Errors.CheckValue(c.ErrorCount, ChannelsPath, i);
            if (e != null || c.SampleCount == 0)
            {
                return e;
            }

            e = ChannelReadingFields.PowerMean.CheckValue(c.PowerMeanMilliwatts, ChannelsPath, i)
                ?? ChannelReadingFields.PowerMin.CheckValue(c.PowerMinMilliwatts, ChannelsPath, i)
                ?? ChannelReadingFields.PowerMax.CheckValue(c.PowerMaxMilliwatts, ChannelsPath, i)
                ?? ChannelReadingFields.VoltageMean.CheckValue(c.VoltageMeanMillivolts, ChannelsPath, i)
                ?? ChannelReadingFields.CurrentMean.CheckValue(c.CurrentMeanMilliamps, ChannelsPath, i);
            if (e != null)
            {
                return e;
            }

            if (c.PowerMinMilliwatts > c.PowerMaxMilliwatts)
            {
                return new ProtocolError(ErrorReason.MinGreaterThanMax, ProtocolError.Path(ChannelsPath, i, "p_min_mw"), "p_min_mw is above p_max_mw", -1);
            }

            if (c.PowerMeanMilliwatts < c.PowerMinMilliwatts || c.PowerMeanMilliwatts > c.PowerMaxMilliwatts)
            {
                return new ProtocolError(ErrorReason.MeanOutsideRange, ProtocolError.Path(ChannelsPath, i, "p_mean_mw"), "p_mean_mw is outside [p_min_mw, p_max_mw]", -1);
            }

            return null;
        }

        private static ProtocolError ReadDocument(JsonReader r, TelemetryMessage m)
        {
            if (!r.BeginDocument())
            {
                return r.Error;
            }

            FieldSpec[] specs = TelemetryFields.All;
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

        private static ProtocolError ReadMember(JsonReader r, TelemetryMessage m, int k)
        {
            ProtocolError e;
            long v = 0;
            bool b;
            string s;
            switch (k)
            {
                case 0: return CodecSupport.ReadVersion(r, out e) ? null : e;
                case 1:
                    CodecSupport.ReadDevice(r, out s, out e);
                    m.DeviceId = s;
                    return e;
                case 8:
                    if (!r.ReadBoolean(TelemetryFields.Synced, null, 0, out b)) return r.Error;
                    m.ClockSynced = b;
                    return null;
                case 9:
                    ChannelReading[] channels;
                    e = ReadChannels(r, out channels);
                    m.Channels = channels;
                    return e;
            }

            if (!r.ReadInteger(TelemetryFields.All[k], null, 0, out v)) return r.Error;
            switch (k)
            {
                case 2: m.Incarnation = v; break;
                case 3: m.Boot = v; break;
                case 4: m.Sequence = v; break;
                case 5: m.WindowStartMs = v; break;
                case 6: m.WindowEndMs = v; break;
                default: m.UptimeMs = v; break;
            }

            return null;
        }

        private static ProtocolError ReadChannels(JsonReader r, out ChannelReading[] channels)
        {
            channels = null;
            if (!r.BeginArray(TelemetryFields.Channels, null, 0))
            {
                return r.Error;
            }

            var items = new ChannelReading[ProtocolLimits.MaxChannels];
            int n = 0;
            bool more;
            while (r.NextItem(null, 0, ChannelsPath, out more) && more)
            {
                ProtocolError e = ChannelListRules.CheckRoom(n, ChannelsPath);
                if (e != null)
                {
                    return e;
                }

                var c = new ChannelReading();
                e = ChannelReadingReader.Read(r, c, ChannelsPath, n);
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

            channels = new ChannelReading[n];
            System.Array.Copy(items, channels, n);
            return ChannelListRules.CheckCount(n, ChannelsPath);
        }
    }
}
