namespace Metering.Protocol.Schema
{
    /// <summary>Fields of a config message, in canonical order. Unknown fields are refused in config.</summary>
    public static class ConfigFields
    {
        /// <summary><c>v</c>.</summary>
        public static readonly FieldSpec Version = CommonFields.Version();
        /// <summary><c>device</c>.</summary>
        public static readonly FieldSpec Device = CommonFields.Device();
        /// <summary><c>rev</c>: revision chosen by the writer; the device reports it in status and events.</summary>
        public static readonly FieldSpec Rev = new FieldSpec("rev", FieldType.Integer, "none", 1, Ranges.Int32Max, Presence.Required);
        /// <summary><c>window_s</c>: publish window; default 10.</summary>
        public static readonly FieldSpec WindowS = new FieldSpec("window_s", FieldType.Integer, "s", 1, 3600, Presence.Optional);
        /// <summary><c>save_s</c>: counter persistence interval; default 600.</summary>
        public static readonly FieldSpec SaveS = new FieldSpec("save_s", FieldType.Integer, "s", 60, 86400, Presence.Optional);
        /// <summary><c>channels</c>: the channels to sample.</summary>
        public static readonly FieldSpec Channels = new FieldSpec("channels", FieldType.Array, "none", 1, ProtocolLimits.MaxChannels, Presence.Required);

        /// <summary>All top-level fields, canonical order.</summary>
        public static readonly FieldSpec[] All = new FieldSpec[] { Version, Device, Rev, WindowS, SaveS, Channels };
    }

    /// <summary>Fields of one channel inside a config message, in canonical order.</summary>
    public static class ChannelConfigFields
    {
        /// <summary><c>id</c>.</summary>
        public static readonly FieldSpec Id = CommonFields.ChannelId();
        /// <summary><c>kind</c>.</summary>
        public static readonly FieldSpec Kind = CommonFields.SensorKind();
        /// <summary><c>addr</c>: bus address: INA219 I2C 64..79 (0x40..0x4F), PZEM Modbus 1..247.</summary>
        public static readonly FieldSpec Address = new FieldSpec("addr", FieldType.Integer, "none", 1, 247, Presence.Required);
        /// <summary><c>label</c>: what the channel measures, for people (e.g. "node07 psu1").</summary>
        public static readonly FieldSpec Label = new FieldSpec("label", FieldType.String, "none", 0, 48, Presence.Optional);
        /// <summary><c>rate_hz</c>: sampling rate; default 20 for INA219, 1 (the only value) for PZEM.</summary>
        public static readonly FieldSpec RateHz = new FieldSpec("rate_hz", FieldType.Integer, "Hz", 1, 100, Presence.Optional);
        /// <summary><c>gain_ppm</c>: calibration gain on power; default 1,000,000 (x1).</summary>
        public static readonly FieldSpec GainPpm = new FieldSpec("gain_ppm", FieldType.Integer, "ppm", 500000, 2000000, Presence.Optional);
        /// <summary><c>offset_mw</c>: calibration offset on power; default 0.</summary>
        public static readonly FieldSpec OffsetMw = new FieldSpec("offset_mw", FieldType.Integer, "mW", -1000000, 1000000, Presence.Optional);
        /// <summary><c>shunt_uohm</c>: INA219 shunt resistance (required for INA219, refused for PZEM).</summary>
        public static readonly FieldSpec ShuntMicroohms = new FieldSpec("shunt_uohm", FieldType.Integer, "µΩ", 100, 10000000, Presence.Conditional);
        /// <summary><c>max_ma</c>: INA219 largest expected current (required for INA219, refused for PZEM).</summary>
        public static readonly FieldSpec MaxMilliamps = new FieldSpec("max_ma", FieldType.Integer, "mA", 1, Ranges.CurrentMaxMilliamps, Presence.Conditional);
        /// <summary><c>bus_range_v</c>: INA219 bus range, 16 or 32; default 32 (INA219 only).</summary>
        public static readonly FieldSpec BusRangeV = new FieldSpec("bus_range_v", FieldType.Integer, "V", 16, 32, Presence.Conditional);
        /// <summary><c>adc_avg</c>: INA219 12-bit conversions averaged per reading: 1, 2, 4, ... 128; default 64 (INA219 only).</summary>
        public static readonly FieldSpec AdcAverage = new FieldSpec("adc_avg", FieldType.Integer, "none", 1, 128, Presence.Conditional);

        /// <summary>All channel config fields, canonical order.</summary>
        public static readonly FieldSpec[] All = new FieldSpec[] { Id, Kind, Address, Label, RateHz, GainPpm, OffsetMw, ShuntMicroohms, MaxMilliamps, BusRangeV, AdcAverage };
    }
}
