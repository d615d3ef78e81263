using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>Reads one channel object of a telemetry message, including the samples-dependent presence rule.</summary>
    internal static class ChannelReadingReader
    {
        private const int FirstStat = 6;

        public static ProtocolError Read(JsonReader r, ChannelReading c, string parent, int item)
        {
            if (!r.BeginItemObject(parent, item))
            {
                return r.Error;
            }

            FieldSpec[] specs = ChannelReadingFields.All;
            int seen = 0;
            bool more;
            while (r.NextMember(parent, item, out more) && more)
            {
                int k = r.KeyIndex(specs);
                ProtocolError e = k < 0 ? CodecSupport.Unknown(r, false, parent, item) : CodecSupport.MarkSeen(ref seen, k, specs[k], parent, item) ?? ReadMember(r, c, k, parent, item);
                if (e != null)
                {
                    return e;
                }
            }

            if (r.Error != null)
            {
                return r.Error;
            }

            ProtocolError missing = CodecSupport.FirstMissing(specs, seen, parent, item);
            if (missing != null)
            {
                return missing;
            }

            // Statistics are present exactly when there were samples: absent means unknown, never zero.
            for (int k = FirstStat; k < specs.Length; k++)
            {
                bool present = CodecSupport.Seen(seen, k);
                if (c.SampleCount > 0 && !present)
                {
                    return specs[k].Missing(parent, item);
                }

                if (c.SampleCount == 0 && present)
                {
                    return specs[k].NotAllowed(parent, item, "absent when samples is 0 (unknown, not zero)");
                }
            }

            return null;
        }

        private static ProtocolError ReadMember(JsonReader r, ChannelReading c, int k, string parent, int item)
        {
            if (k == 1)
            {
                SensorKind kind;
                ProtocolError e;
                CodecSupport.ReadKind(r, ChannelReadingFields.Kind, parent, item, out kind, out e);
                c.Kind = kind;
                return e;
            }

            long v;
            if (!r.ReadInteger(ChannelReadingFields.All[k], parent, item, out v))
            {
                return r.Error;
            }

            switch (k)
            {
                case 0: c.ChannelId = (int)v; break;
                case 2: c.Epoch = v; break;
                case 3: c.EnergyMillijoules = v; break;
                case 4: c.SampleCount = (int)v; break;
                case 5: c.ErrorCount = (int)v; break;
                case 6: c.PowerMeanMilliwatts = (int)v; break;
                case 7: c.PowerMinMilliwatts = (int)v; break;
                case 8: c.PowerMaxMilliwatts = (int)v; break;
                case 9: c.VoltageMeanMillivolts = (int)v; break;
                default: c.CurrentMeanMilliamps = (int)v; break;
            }

            return null;
        }
    }
}
