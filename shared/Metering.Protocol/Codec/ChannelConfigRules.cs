using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>Reads one config channel and checks the rules that depend on its kind.</summary>
    internal static class ChannelConfigRules
    {
        /// <summary>INA219 I2C addresses: 0x40..0x4F (datasheet SBOS448, table 1: A1/A0 strapping).</summary>
        public const int Ina219MinAddress = 0x40;

        /// <summary>Highest INA219 I2C address.</summary>
        public const int Ina219MaxAddress = 0x4F;

        public static ProtocolError Read(JsonReader r, ChannelConfig c, string parent, int item)
        {
            if (!r.BeginItemObject(parent, item))
            {
                return r.Error;
            }

            FieldSpec[] specs = ChannelConfigFields.All;
            int seen = 0;
            bool more;
            while (r.NextMember(parent, item, out more) && more)
            {
                int k = r.KeyIndex(specs);
                ProtocolError e = k < 0 ? CodecSupport.Unknown(r, true, parent, item) : CodecSupport.MarkSeen(ref seen, k, specs[k], parent, item) ?? ReadMember(r, c, k, parent, item);
                if (e != null)
                {
                    return e;
                }
            }

            if (r.Error != null)
            {
                return r.Error;
            }

            // An explicit zero is not "absent": 0 is outside every optional field's range except offset_mw.
            return CodecSupport.FirstMissing(specs, seen, parent, item);
        }

        private static ProtocolError ReadMember(JsonReader r, ChannelConfig c, int k, string parent, int item)
        {
            ProtocolError e;
            if (k == 1)
            {
                SensorKind kind;
                CodecSupport.ReadKind(r, ChannelConfigFields.Kind, parent, item, out kind, out e);
                c.Kind = kind;
                return e;
            }

            if (k == 3)
            {
                string label;
                if (!r.ReadString(ChannelConfigFields.Label, parent, item, out label)) return r.Error;
                c.Label = label;
                return null;
            }

            long v;
            if (!r.ReadInteger(ChannelConfigFields.All[k], parent, item, out v)) return r.Error;
            int x = (int)v;
            switch (k)
            {
                case 0: c.ChannelId = x; break;
                case 2: c.Address = x; break;
                case 4: c.RateHz = x; break;
                case 5: c.GainPpm = x; break;
                case 6: c.OffsetMilliwatts = x; break;
                case 7: c.ShuntMicroohms = x; break;
                case 8: c.MaxCurrentMilliamps = x; break;
                case 9: c.BusRangeVolts = x; break;
                default: c.AdcAverage = x; break;
            }

            return null;
        }

        /// <summary>Checks one channel's values and its kind's rules; null when valid.</summary>
        public static ProtocolError Check(ChannelConfig c, string parent, int i)
        {
            if (c == null)
            {
                return new ProtocolError(ErrorReason.MissingField, ProtocolError.Path(parent, i, null), "channel is null", -1);
            }

            ProtocolError e = ChannelConfigFields.Id.CheckValue(c.ChannelId, parent, i)
                ?? (c.Label == null ? null : ChannelConfigFields.Label.CheckLength(c.Label.Length, parent, i))
                ?? (c.RateHz == 0 ? null : ChannelConfigFields.RateHz.CheckValue(c.RateHz, parent, i))
                ?? ChannelConfigFields.GainPpm.CheckValue(c.GainPpm, parent, i)
                ?? ChannelConfigFields.OffsetMw.CheckValue(c.OffsetMilliwatts, parent, i);
            if (e != null)
            {
                return e;
            }

            if (c.Kind == SensorKind.Ina219)
            {
                return CheckIna219(c, parent, i);
            }

            if (c.Kind == SensorKind.Pzem004t)
            {
                return CheckPzem(c, parent, i);
            }

            return CodecSupport.InvalidValue(ChannelConfigFields.Kind, parent, i, "sensor kinds are ina219 and pzem004t");
        }

        private static ProtocolError CheckIna219(ChannelConfig c, string parent, int i)
        {
            if (c.Address < Ina219MinAddress || c.Address > Ina219MaxAddress)
            {
                return OutOfRange(ChannelConfigFields.Address, parent, i, "INA219 I2C addresses are 64..79 (0x40..0x4F)");
            }

            if (c.ShuntMicroohms == 0)
            {
                return ChannelConfigFields.ShuntMicroohms.Missing(parent, i);
            }

            if (c.MaxCurrentMilliamps == 0)
            {
                return ChannelConfigFields.MaxMilliamps.Missing(parent, i);
            }

            ProtocolError e = ChannelConfigFields.ShuntMicroohms.CheckValue(c.ShuntMicroohms, parent, i)
                ?? ChannelConfigFields.MaxMilliamps.CheckValue(c.MaxCurrentMilliamps, parent, i);
            if (e != null)
            {
                return e;
            }

            if (c.BusRangeVolts != 0 && c.BusRangeVolts != 16 && c.BusRangeVolts != 32)
            {
                return OutOfRange(ChannelConfigFields.BusRangeV, parent, i, "bus_range_v is 16 or 32");
            }

            int avg = c.AdcAverage;
            if (avg != 0 && (avg < 1 || avg > 128 || (avg & (avg - 1)) != 0))
            {
                return OutOfRange(ChannelConfigFields.AdcAverage, parent, i, "adc_avg is 1, 2, 4, 8, 16, 32, 64 or 128");
            }

            return CheckIna219Rate(c, parent, i);
        }

        /// <summary>
        /// A sampling period shorter than one conversion cycle reads the chip before it has anything new (CNVR clear) most
        /// of the time. Names rate_hz when the config sets it, else adc_avg (the default 20 Hz is what does not fit).
        /// </summary>
        private static ProtocolError CheckIna219Rate(ChannelConfig c, string parent, int i)
        {
            int rate = c.EffectiveRateHz;
            int average = c.EffectiveAdcAverage;
            int cycle = Ina219Timing.CycleMicroseconds(average);
            if ((long)rate * cycle <= 1000000)
            {
                return null;
            }

            return OutOfRange(c.RateHz != 0 ? ChannelConfigFields.RateHz : ChannelConfigFields.AdcAverage, parent, i,
                "INA219 at " + rate.ToString() + " Hz reads every " + (1000000 / rate).ToString() + " us, faster than one conversion cycle at adc_avg "
                + average.ToString() + " (shunt " + Ina219Timing.AveragedConversionMicroseconds(average).ToString() + " us + bus "
                + Ina219Timing.BusConversionMicroseconds.ToString() + " us = " + cycle.ToString() + " us): at most "
                + Ina219Timing.MaxRateHz(average).ToString() + " Hz");
        }

        private static ProtocolError CheckPzem(ChannelConfig c, string parent, int i)
        {
            ProtocolError e = ChannelConfigFields.Address.CheckValue(c.Address, parent, i);
            if (e != null)
            {
                return e;
            }

            if (c.RateHz > 1)
            {
                return OutOfRange(ChannelConfigFields.RateHz, parent, i, "a PZEM-004T refreshes once a second: rate_hz is 1");
            }

            string why = "applies to INA219 channels only";
            if (c.ShuntMicroohms != 0) return ChannelConfigFields.ShuntMicroohms.NotAllowed(parent, i, why);
            if (c.MaxCurrentMilliamps != 0) return ChannelConfigFields.MaxMilliamps.NotAllowed(parent, i, why);
            if (c.BusRangeVolts != 0) return ChannelConfigFields.BusRangeV.NotAllowed(parent, i, why);
            if (c.AdcAverage != 0) return ChannelConfigFields.AdcAverage.NotAllowed(parent, i, why);
            return null;
        }

        /// <summary><c>duplicate_address</c> when two channels of one kind share a bus address.</summary>
        public static ProtocolError CheckDistinctAddress(ChannelConfig earlier, ChannelConfig c, string parent, int i)
        {
            if (earlier.Kind != c.Kind || earlier.Address != c.Address)
            {
                return null;
            }

            return new ProtocolError(ErrorReason.DuplicateAddress, ProtocolError.Path(parent, i, "addr"),
                "another " + SensorKinds.Name(c.Kind) + " channel uses address " + c.Address.ToString(), -1);
        }

        private static ProtocolError OutOfRange(FieldSpec spec, string parent, int i, string detail)
        {
            return new ProtocolError(ErrorReason.OutOfRange, ProtocolError.Path(parent, i, spec.Name), detail, -1);
        }
    }
}
