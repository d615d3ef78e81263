namespace Metering.Protocol.Schema
{
    /// <summary>Fields of a telemetry message, in canonical order.</summary>
    public static class TelemetryFields
    {
        /// <summary><c>v</c>.</summary>
        public static readonly FieldSpec Version = CommonFields.Version();
        /// <summary><c>device</c>.</summary>
        public static readonly FieldSpec Device = CommonFields.Device();
        /// <summary><c>incarnation</c>: the device's random life id.</summary>
        public static readonly FieldSpec Incarnation = CommonFields.Incarnation();
        /// <summary><c>boot</c>: boot counter, +1 at every start of the firmware.</summary>
        public static readonly FieldSpec Boot = CommonFields.Boot(Presence.Required);
        /// <summary><c>seq</c>: telemetry sequence within the boot, from 0.</summary>
        public static readonly FieldSpec Sequence = new FieldSpec("seq", FieldType.Integer, "none", 0, ProtocolLimits.MaxSafeInteger, Presence.Required);
        /// <summary><c>start_ms</c>: window start, device clock.</summary>
        public static readonly FieldSpec StartMs = new FieldSpec("start_ms", FieldType.Integer, "ms", 0, ProtocolLimits.MaxSafeInteger, Presence.Required);
        /// <summary><c>end_ms</c>: window end, device clock; the counters are read at this instant.</summary>
        public static readonly FieldSpec EndMs = new FieldSpec("end_ms", FieldType.Integer, "ms", 0, ProtocolLimits.MaxSafeInteger, Presence.Required);
        /// <summary><c>uptime_ms</c>: milliseconds since this boot at end_ms, on the monotonic clock.</summary>
        public static readonly FieldSpec UptimeMs = CommonFields.UptimeMs();
        /// <summary><c>synced</c>: the clock was SNTP-synchronised when the window ended.</summary>
        public static readonly FieldSpec Synced = new FieldSpec("synced", FieldType.Boolean, "none", 0, 1, Presence.Required);
        /// <summary><c>channels</c>: one reading per channel.</summary>
        public static readonly FieldSpec Channels = new FieldSpec("channels", FieldType.Array, "none", 1, ProtocolLimits.MaxChannels, Presence.Required);

        /// <summary>All top-level fields, canonical order.</summary>
        public static readonly FieldSpec[] All = new FieldSpec[] { Version, Device, Incarnation, Boot, Sequence, StartMs, EndMs, UptimeMs, Synced, Channels };
    }

    /// <summary>Fields of one channel reading inside a telemetry message, in canonical order.</summary>
    public static class ChannelReadingFields
    {
        /// <summary><c>id</c>.</summary>
        public static readonly FieldSpec Id = CommonFields.ChannelId();
        /// <summary><c>kind</c>.</summary>
        public static readonly FieldSpec Kind = CommonFields.SensorKind();
        /// <summary><c>epoch</c>: counter epoch; a new epoch means the counter's continuity was broken.</summary>
        public static readonly FieldSpec Epoch = new FieldSpec("epoch", FieldType.Integer, "none", 0, ProtocolLimits.MaxSafeInteger, Presence.Required);
        /// <summary><c>energy_mj</c>: cumulative energy counter at end_ms.</summary>
        public static readonly FieldSpec EnergyMj = new FieldSpec("energy_mj", FieldType.Integer, "mJ", 0, ProtocolLimits.MaxSafeInteger, Presence.Required);
        /// <summary><c>prev_epoch</c>: the epoch this reading's epoch continues (with prev_energy_mj).</summary>
        public static readonly FieldSpec PrevEpoch = new FieldSpec("prev_epoch", FieldType.Integer, "none", 0, ProtocolLimits.MaxSafeInteger, Presence.Conditional);
        /// <summary><c>prev_energy_mj</c>: the counter at which this epoch took over from prev_epoch (with prev_epoch).</summary>
        public static readonly FieldSpec PrevEnergyMj = new FieldSpec("prev_energy_mj", FieldType.Integer, "mJ", 0, ProtocolLimits.MaxSafeInteger, Presence.Conditional);
        /// <summary><c>samples</c>: successful readings in the window.</summary>
        public static readonly FieldSpec Samples = new FieldSpec("samples", FieldType.Integer, "none", 0, Ranges.WindowCountMax, Presence.Required);
        /// <summary><c>errors</c>: failed readings in the window.</summary>
        public static readonly FieldSpec Errors = new FieldSpec("errors", FieldType.Integer, "none", 0, Ranges.WindowCountMax, Presence.Required);
        /// <summary><c>p_mean_mw</c>: mean power over the window's samples.</summary>
        public static readonly FieldSpec PowerMean = new FieldSpec("p_mean_mw", FieldType.Integer, "mW", 0, Ranges.PowerMaxMilliwatts, Presence.Conditional);
        /// <summary><c>p_min_mw</c>: lowest sampled power.</summary>
        public static readonly FieldSpec PowerMin = new FieldSpec("p_min_mw", FieldType.Integer, "mW", 0, Ranges.PowerMaxMilliwatts, Presence.Conditional);
        /// <summary><c>p_max_mw</c>: highest sampled power.</summary>
        public static readonly FieldSpec PowerMax = new FieldSpec("p_max_mw", FieldType.Integer, "mW", 0, Ranges.PowerMaxMilliwatts, Presence.Conditional);
        /// <summary><c>v_mean_mv</c>: mean voltage (DC bus or AC RMS).</summary>
        public static readonly FieldSpec VoltageMean = new FieldSpec("v_mean_mv", FieldType.Integer, "mV", 0, Ranges.VoltageMaxMillivolts, Presence.Conditional);
        /// <summary><c>i_mean_ma</c>: mean current (DC or AC RMS).</summary>
        public static readonly FieldSpec CurrentMean = new FieldSpec("i_mean_ma", FieldType.Integer, "mA", 0, Ranges.CurrentMaxMilliamps, Presence.Conditional);

        /// <summary>All channel fields, canonical order.</summary>
        public static readonly FieldSpec[] All = new FieldSpec[] { Id, Kind, Epoch, EnergyMj, PrevEpoch, PrevEnergyMj, Samples, Errors, PowerMean, PowerMin, PowerMax, VoltageMean, CurrentMean };
    }
}
