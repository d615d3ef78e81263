using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>Reads one channel object of a telemetry message, including the samples-dependent presence rule.</summary>
    internal static class ChannelReadingReader
    {
        private const int FirstStat = 8;

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

        /// <summary>
        /// The lineage rule: <c>prev_epoch</c> and <c>prev_energy_mj</c> come together, name another epoch, and the counter
        /// never lies below the value it took over at. Null when absent or valid.
        /// </summary>
        public static ProtocolError CheckLineage(ChannelReading c, string parent, int item)
        {
            bool epoch = c.PreviousEpoch != ChannelReading.Absent;
            bool energy = c.PreviousEnergyMillijoules != ChannelReading.Absent;
            if (epoch != energy)
            {
                return (epoch ? ChannelReadingFields.PrevEnergyMj : ChannelReadingFields.PrevEpoch).Missing(parent, item);
            }

            if (!epoch)
            {
                return null;
            }

            ProtocolError e = ChannelReadingFields.PrevEpoch.CheckValue(c.PreviousEpoch, parent, item)
                ?? ChannelReadingFields.PrevEnergyMj.CheckValue(c.PreviousEnergyMillijoules, parent, item);
            if (e != null)
            {
                return e;
            }

            if (c.PreviousEpoch == c.Epoch)
            {
                return new ProtocolError(ErrorReason.OutOfRange, ProtocolError.Path(parent, item, ChannelReadingFields.PrevEpoch.Name), "prev_epoch names another epoch than epoch", -1);
            }

            if (c.PreviousEnergyMillijoules > c.EnergyMillijoules)
            {
                return new ProtocolError(ErrorReason.OutOfRange, ProtocolError.Path(parent, item, ChannelReadingFields.PrevEnergyMj.Name), "prev_energy_mj is above energy_mj (the counter continues from it)", -1);
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
                case 4: c.PreviousEpoch = v; break;
                case 5: c.PreviousEnergyMillijoules = v; break;
                case 6: c.SampleCount = (int)v; break;
                case 7: c.ErrorCount = (int)v; break;
                case 8: c.PowerMeanMilliwatts = (int)v; break;
                case 9: c.PowerMinMilliwatts = (int)v; break;
                case 10: c.PowerMaxMilliwatts = (int)v; break;
                case 11: c.VoltageMeanMillivolts = (int)v; break;
                default: c.CurrentMeanMilliamps = (int)v; break;
            }

            return null;
        }
    }
}
