namespace Metering.Protocol.Tests;

/// <summary>The objects the golden example files must decode into, written out by hand.</summary>
internal static class Examples
{
    public static TelemetryMessage Telemetry() => new()
    {
        DeviceId = "rack12-node07-a",
        Boot = 42,
        Sequence = 18734,
        WindowStartMs = 1764403200000,
        WindowEndMs = 1764403210000,
        ClockSynced = true,
        Channels =
        [
            Reading(0, SensorKind.Pzem004t, 3, 81237650000, 10, 0, 1412300, 1398100, 1433000, 229800, 6211),
            Reading(1, SensorKind.Pzem004t, 3, 80911020000, 10, 0, 1405900, 1390200, 1428800, 229700, 6184),
            Reading(2, SensorKind.Ina219, 7, 30876543210, 200, 0, 402110, 180400, 611700, 12041, 33394),
        ],
    };

    public static TelemetryMessage TelemetryFaulted() => new()
    {
        DeviceId = "lab-bench-1",
        Boot = 3,
        Sequence = 0,
        WindowStartMs = 946684800000,
        WindowEndMs = 946684810000,
        ClockSynced = false,
        Channels =
        [
            new ChannelReading { ChannelId = 0, Kind = SensorKind.Pzem004t, Epoch = 1, EnergyMillijoules = 3600000, SampleCount = 0, ErrorCount = 10 },
            Reading(4, SensorKind.Ina219, 2, 0, 198, 2, 0, 0, 0, 12003, 0),
        ],
    };

    /// <summary>A window of a backlog measured while the clock was unsynced: its place comes from <c>uptime_ms</c>.</summary>
    public static TelemetryMessage TelemetryUnsynced() => new()
    {
        DeviceId = "rack12-node07-a",
        Incarnation = 2914017489126631,
        Boot = 43,
        Sequence = 12,
        WindowStartMs = 946684920000,
        WindowEndMs = 946684930000,
        UptimeMs = 130000,
        ClockSynced = false,
        Channels =
        [
            Reading(0, SensorKind.Pzem004t, 3, 81998750000, 10, 0, 1410200, 1396400, 1431800, 229900, 6198),
            Continuing(Reading(2, SensorKind.Ina219, 2818049, 30932274300, 200, 0, 402110, 180400, 611700, 12041, 33394), 7, 30880000000),
        ],
    };

    public static TelemetryMessage TelemetryNewEpoch() => new()
    {
        DeviceId = "rack12-node07-a",
        Incarnation = 2914017489126631,
        Boot = 43,
        Sequence = 0,
        WindowStartMs = 1764403630000,
        WindowEndMs = 1764403640000,
        ClockSynced = true,
        Channels =
        [
            Reading(0, SensorKind.Pzem004t, 3, 81829550000, 10, 0, 1410200, 1396400, 1431800, 229900, 6198),
            Continuing(Reading(2, SensorKind.Ina219, 2818049, 30884021100, 200, 0, 402110, 180400, 611700, 12041, 33394), 7, 30880000000),
        ],
    };

    public static StatusMessage StatusReplacedBoard() => new()
    {
        DeviceId = "rack12-node07-a",
        State = DeviceState.Online,
        FirmwareVersion = "0.1.0",
        Incarnation = 7394580216573004,
        Boot = 1,
        UptimeSeconds = 42,
        ConfigRev = 7,
        HeapFreeBytes = 61952,
        Reconnects = 0,
        QueueDepth = 0,
        QueueDropped = 0,
        Channels =
        [
            new ChannelHealth { ChannelId = 0, Kind = SensorKind.Pzem004t, ErrorCount = 0 },
            new ChannelHealth { ChannelId = 1, Kind = SensorKind.Pzem004t, ErrorCount = 0 },
            new ChannelHealth { ChannelId = 2, Kind = SensorKind.Ina219, ErrorCount = 0 },
        ],
    };

    public static StatusMessage StatusOnline() => new()
    {
        DeviceId = "rack12-node07-a",
        State = DeviceState.Online,
        FirmwareVersion = "0.1.0",
        Boot = 42,
        UptimeSeconds = 187340,
        ConfigRev = 7,
        HeapFreeBytes = 61440,
        RssiDbm = -61,
        Reconnects = 2,
        QueueDepth = 0,
        QueueDropped = 0,
        Channels =
        [
            new ChannelHealth { ChannelId = 0, Kind = SensorKind.Pzem004t, ErrorCount = 0 },
            new ChannelHealth { ChannelId = 1, Kind = SensorKind.Pzem004t, ErrorCount = 0 },
            new ChannelHealth { ChannelId = 2, Kind = SensorKind.Ina219, ErrorCount = 14, Fault = "nack" },
        ],
    };

    public static StatusMessage StatusOffline() => new()
    {
        DeviceId = "rack12-node07-a",
        State = DeviceState.Offline,
        FirmwareVersion = "0.1.0",
        Boot = 42,
    };

    public static ConfigMessage Config() => new()
    {
        DeviceId = "rack12-node07-a",
        Rev = 7,
        WindowSeconds = 10,
        SaveSeconds = 600,
        Channels =
        [
            new ChannelConfig { ChannelId = 0, Kind = SensorKind.Pzem004t, Address = 1, Label = "node07 psu1" },
            new ChannelConfig { ChannelId = 1, Kind = SensorKind.Pzem004t, Address = 2, Label = "node07 psu2 (bâtiment B)", GainPpm = 1003200, OffsetMilliwatts = -1500 },
            new ChannelConfig
            {
                ChannelId = 2, Kind = SensorKind.Ina219, Address = 64, Label = "node07 gpu0 12v", RateHz = 20,
                ShuntMicroohms = 1000, MaxCurrentMilliamps = 50000, BusRangeVolts = 16, AdcAverage = 32,
            },
        ],
    };

    public static EventMessage EventConfigRejected() => new()
    {
        DeviceId = "rack12-node07-a",
        Boot = 42,
        TimeMs = 1764403215123,
        ClockSynced = true,
        Kind = EventKinds.ConfigRejected,
        Rev = 8,
        Detail = "out_of_range at channels[2].addr: INA219 I2C addresses are 64..79 (0x40..0x4F)",
    };

    public static EventMessage EventBoot() => new()
    {
        DeviceId = "rack12-node07-a",
        Boot = 43,
        TimeMs = 946684801250,
        UptimeMs = 1250,
        ClockSynced = false,
        Kind = EventKinds.Boot,
        Detail = "counters restored from a save 412 s old; ina219 channels start a new epoch",
    };

    public static EventMessage EventSensorFault() => new()
    {
        DeviceId = "rack12-node07-a",
        Boot = 42,
        TimeMs = 1764403220500,
        ClockSynced = true,
        Kind = EventKinds.SensorFault,
        Channel = 2,
        Detail = "no I2C acknowledge from 0x40",
    };

    private static ChannelReading Continuing(ChannelReading reading, long previousEpoch, long previousEnergy)
    {
        reading.PreviousEpoch = previousEpoch;
        reading.PreviousEnergyMillijoules = previousEnergy;
        return reading;
    }

    private static ChannelReading Reading(int id, SensorKind kind, long epoch, long energy, int samples, int errors, int mean, int min, int max, int mv, int ma) => new()
    {
        ChannelId = id, Kind = kind, Epoch = epoch, EnergyMillijoules = energy, SampleCount = samples, ErrorCount = errors,
        PowerMeanMilliwatts = mean, PowerMinMilliwatts = min, PowerMaxMilliwatts = max, VoltageMeanMillivolts = mv, CurrentMeanMilliamps = ma,
    };
}
