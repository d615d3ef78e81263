using FsCheck;
using FsCheck.Fluent;

namespace Metering.Protocol.Tests;

/// <summary>FsCheck generators of valid v1 messages, edge values included.</summary>
internal static class Generators
{
    public static Gen<long> LongIn(long min, long max) =>
        Gen.OneOf(
            Gen.Elements(min, max, min + ((max - min) / 2)),
            Gen.Choose(0, 1 << 30).Select(x => min + (long)((max - min) * (x / (double)(1 << 30)))),
            Gen.Choose(0, 1000).Select(x => Math.Min(max, min + x)));

    public static Gen<int> IntIn(int min, int max) => LongIn(min, max).Select(v => (int)v);

    public static readonly Gen<string> DeviceId =
        from length in Gen.Choose(1, ProtocolLimits.MaxDeviceIdLength)
        from chars in Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()).ArrayOf(length)
        select new string(chars);

    /// <summary>Text that stresses the string codec: quotes, backslashes, control characters, BMP and astral characters.</summary>
    public static Gen<string> Text(int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from pieces in Gen.OneOf(
            Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString()),
            Gen.Elements("\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f"),
            Gen.Choose(0xA0, 0xD7FF).Select(c => ((char)c).ToString()),
            Gen.Choose(0xE000, 0xFFFD).Select(c => ((char)c).ToString()),
            Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)).ArrayOf(length)
        let s = string.Concat(pieces)
        select s.Length <= maxLength ? s : s[..maxLength].TrimEnd(LoneHighSurrogate);

    private static readonly char[] LoneHighSurrogate = [.. Enumerable.Range(0xD800, 0x400).Select(c => (char)c)];

    public static Gen<int[]> DistinctChannelIds(int min) =>
        from count in Gen.Choose(min, ProtocolLimits.MaxChannels)
        from shuffled in Gen.Shuffle(Enumerable.Range(0, ProtocolLimits.MaxChannelId + 1).ToArray())
        select shuffled.Take(count).ToArray();

    public static readonly Gen<SensorKind> Kind = Gen.Elements(SensorKind.Ina219, SensorKind.Pzem004t);

    public static Gen<ChannelReading> Reading(int id) =>
        from kind in Kind
        from epoch in LongIn(0, ProtocolLimits.MaxSafeInteger)
        from energy in LongIn(0, ProtocolLimits.MaxSafeInteger)
        from continues in Gen.Elements(false, true)
        from previousEpoch in LongIn(0, ProtocolLimits.MaxSafeInteger)
        from previousEnergy in LongIn(0, energy)
        from samples in Gen.OneOf(Gen.Constant(0), IntIn(1, 1000000))
        from errors in IntIn(0, 1000000)
        from p in IntIn(0, 100000000).ArrayOf(3)
        from mv in IntIn(0, 1000000)
        from ma in IntIn(0, 1000000)
        let sorted = p.Order().ToArray()
        select new ChannelReading
        {
            ChannelId = id, Kind = kind, Epoch = epoch, EnergyMillijoules = energy, SampleCount = samples, ErrorCount = errors,
            PreviousEpoch = !continues ? ChannelReading.Absent : previousEpoch != epoch ? previousEpoch : epoch == 0 ? 1 : epoch - 1,
            PreviousEnergyMillijoules = continues ? previousEnergy : ChannelReading.Absent,
            PowerMinMilliwatts = samples > 0 ? sorted[0] : 0, PowerMeanMilliwatts = samples > 0 ? sorted[1] : 0,
            PowerMaxMilliwatts = samples > 0 ? sorted[2] : 0, VoltageMeanMillivolts = samples > 0 ? mv : 0, CurrentMeanMilliamps = samples > 0 ? ma : 0,
        };

    public static readonly Gen<long> Incarnation = Gen.OneOf(Gen.Constant(-1L), LongIn(1, ProtocolLimits.MaxSafeInteger));

    /// <summary>An uptime in ms, or absent (-1).</summary>
    public static readonly Gen<long> UptimeMs = Gen.OneOf(Gen.Constant(-1L), LongIn(0, ProtocolLimits.MaxSafeInteger));

    public static readonly Gen<TelemetryMessage> Telemetry =
        from device in DeviceId
        from incarnation in Incarnation
        from boot in LongIn(0, Schema.Ranges.UInt32Max)
        from seq in LongIn(0, ProtocolLimits.MaxSafeInteger)
        from start in LongIn(0, ProtocolLimits.MaxSafeInteger)
        from length in LongIn(0, 3600000)
        from synced in Gen.Elements(true, false)
        from uptime in UptimeMs
        from ids in DistinctChannelIds(1)
        from channels in Gen.CollectToArray(ids, Reading)
        select new TelemetryMessage
        {
            DeviceId = device, Incarnation = incarnation, Boot = boot, Sequence = seq, WindowStartMs = start,
            WindowEndMs = Math.Min(ProtocolLimits.MaxSafeInteger, start + length), UptimeMs = uptime, ClockSynced = synced, Channels = [.. channels],
        };

    public static Gen<ChannelConfig> ConfigChannel(int id, int index) =>
        from kind in Kind
        from label in Text(48)
        from gain in Gen.OneOf(Gen.Constant(ChannelConfig.UnityGainPpm), IntIn(500000, 2000000))
        from offset in IntIn(-1000000, 1000000)
        from rate in Gen.OneOf(Gen.Constant(0), IntIn(1, 100))
        from shunt in IntIn(100, 10000000)
        from maxMa in IntIn(1, 1000000)
        from bus in Gen.Elements(0, 16, 32)
        from avg in Gen.Elements(0, 1, 2, 4, 8, 16, 32, 64, 128)
        let fastest = Ina219Timing.MaxRateHz(avg == 0 ? ChannelConfig.DefaultAdcAverage : avg)
        let inaRate = rate == 0 ? (fastest < ChannelConfig.DefaultIna219RateHz ? fastest : 0) : Math.Min(rate, fastest)
        select kind == SensorKind.Ina219
            ? new ChannelConfig { ChannelId = id, Kind = kind, Address = 0x40 + index, Label = label, GainPpm = gain, OffsetMilliwatts = offset, RateHz = inaRate, ShuntMicroohms = shunt, MaxCurrentMilliamps = maxMa, BusRangeVolts = bus, AdcAverage = avg }
            : new ChannelConfig { ChannelId = id, Kind = kind, Address = 1 + index, Label = label, GainPpm = gain, OffsetMilliwatts = offset, RateHz = rate == 0 ? 0 : 1 };

    public static readonly Gen<ConfigMessage> Config =
        from device in DeviceId
        from rev in LongIn(1, int.MaxValue)
        from window in Gen.OneOf(Gen.Constant(0), IntIn(1, 3600))
        from save in Gen.OneOf(Gen.Constant(0), IntIn(60, 86400))
        from ids in DistinctChannelIds(1)
        from channels in Gen.CollectToArray(ids.Select((id, i) => ConfigChannel(id, i)))
        select new ConfigMessage { DeviceId = device, Rev = rev, WindowSeconds = window, SaveSeconds = save, Channels = [.. channels] };

    public static readonly Gen<StatusMessage> Status =
        from device in DeviceId
        from online in Gen.Elements(true, false)
        from incarnation in Incarnation
        from fw in Text(32).Where(s => s.Length > 0)
        from boot in LongIn(0, Schema.Ranges.UInt32Max)
        from uptime in LongIn(0, Schema.Ranges.UInt32Max)
        from rssi in Gen.OneOf(Gen.Constant(StatusMessage.Absent), IntIn(-127, 0))
        from heap in Gen.OneOf(Gen.Constant(-1L), LongIn(0, int.MaxValue))
        from dropped in Gen.OneOf(Gen.Constant(-1L), LongIn(0, Schema.Ranges.UInt32Max))
        from ids in DistinctChannelIds(0)
        from faults in Gen.Elements<string?>(null, "no_reply", "bad_crc", "nack", "overflow").ArrayOf(ids.Length)
        from withChannels in Gen.Elements(true, false)
        select new StatusMessage
        {
            DeviceId = device, State = online ? DeviceState.Online : DeviceState.Offline,
            FirmwareVersion = online ? fw : null, Incarnation = incarnation, Boot = online ? boot : -1, UptimeSeconds = online ? uptime : -1,
            RssiDbm = rssi, HeapFreeBytes = heap, QueueDropped = dropped,
            Channels = withChannels ? [.. ids.Select((id, i) => new ChannelHealth { ChannelId = id, Kind = id % 2 == 0 ? SensorKind.Ina219 : SensorKind.Pzem004t, ErrorCount = id * 1000L, Fault = faults[i] })] : null,
        };

    public static readonly Gen<EventMessage> Event =
        from device in DeviceId
        from boot in LongIn(0, Schema.Ranges.UInt32Max)
        from t in LongIn(0, ProtocolLimits.MaxSafeInteger)
        from uptime in UptimeMs
        from synced in Gen.Elements(true, false)
        from kind in Gen.Elements(EventKinds.Boot, EventKinds.ConfigRejected, EventKinds.SensorFault, "future_kind_2")
        from channel in Gen.OneOf(Gen.Constant(-1), IntIn(0, 31))
        from rev in Gen.OneOf(Gen.Constant(-1L), LongIn(1, int.MaxValue))
        from detail in Gen.OneOf(Gen.Constant<string?>(null), Text(256).Select(s => (string?)s))
        select new EventMessage { DeviceId = device, Boot = boot, TimeMs = t, UptimeMs = uptime, ClockSynced = synced, Kind = kind, Channel = channel, Rev = rev, Detail = detail };
}
