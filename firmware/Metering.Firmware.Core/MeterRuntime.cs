using Metering.Firmware.Core.Config;
using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Forwarding;
using Metering.Firmware.Core.Health;
using Metering.Firmware.Core.Persistence;
using Metering.Firmware.Core.Platform;
using Metering.Firmware.Core.Sampling;
using Metering.Firmware.Core.Session;
using Metering.Protocol;

namespace Metering.Firmware.Core
{
    /// <summary>
    /// The meter: restores its counters, samples its channels, closes publish windows into store-and-forward,
    /// keeps the MQTT session, applies config, saves counters and reports health. The shell calls
    /// <see cref="SampleDue()"/> from its sampling thread and <see cref="Service"/> from its service loop (or
    /// <see cref="Tick"/> from one loop). Everything it needs from the platform comes through the seams.
    /// </summary>
    public sealed partial class MeterRuntime : IBirthSource, ILastAct
    {
        /// <summary>Storage name of the saved counters.</summary>
        public const string StateBlob = "state";

        /// <summary>Storage name of the applied config (the raw, validated payload).</summary>
        public const string ConfigBlob = "config";

        private readonly MeterOptions _options;
        private readonly IClock _clock;
        private readonly IStorage _storage;
        private readonly ISensorFactory _sensors;
        private readonly StatusReporter _status;
        private readonly IPlatform _platform;
        private readonly object _channelsLock = new object();
        private ChannelSampler[] _samplers = new ChannelSampler[0];
        private ConfigMessage _config;
        private byte[] _configCanonical;
        private TelemetryQueue _queue;
        private MqttSession _session;
        private readonly IMqttLink _link;
        private EpochAllocator _epochs;
        private TelemetryMessage _telemetry;
        private long _sequence;
        private long _windowStartMicroseconds;
        private long _windowEndMicroseconds;
        private long _lastSaveMicroseconds;
        private long _lastStatusMicroseconds;
        private readonly byte[] _stateBuffer = new byte[StateCodec.Size(ProtocolLimits.MaxChannels)];

        /// <summary>Creates the meter; nothing runs until <see cref="Start"/>.</summary>
        public MeterRuntime(MeterOptions options, IClock clock, IStorage storage, IMqttLink link, ISensorFactory sensors, IPlatform platform)
        {
            if (options == null || !DeviceId.IsValid(options.DeviceId))
            {
                throw new System.ArgumentException("options.DeviceId must be 1-32 of a-z, 0-9 and '-'", "options");
            }

            _options = options;
            _clock = clock;
            _storage = storage;
            _link = link;
            _sensors = sensors;
            _platform = platform;
            _status = new StatusReporter(options.DeviceId, options.FirmwareVersion, clock, platform);
            Events = new EventLog(options.DeviceId, clock, options.EventCapacity);
            Watchdog = new SoftwareWatchdog(clock, platform, options.WatchdogTimeoutSeconds);
            Watchdog.LastAct = this;
        }

        /// <summary>Boot counter of this run.</summary>
        public long Boot { get; private set; }

        /// <summary>
        /// The device's incarnation (1..2^53-1), sent in telemetry and status: kept in flash with the counters, drawn at
        /// random when no saved state could be read (first boot, flash erased, a new board, a corrupt blob) or when this
        /// boot's number could not be saved (it might be used again).
        /// </summary>
        public long Incarnation { get; private set; }

        /// <summary>The applied config, or null before any.</summary>
        public ConfigMessage Config { get { return _config; } }

        /// <summary>The channels being sampled.</summary>
        public ChannelSampler[] Samplers { get { return _samplers; } }

        /// <summary>Store-and-forward (null until a config gives it a slot size).</summary>
        public TelemetryQueue Queue { get { return _queue; } }

        /// <summary>The MQTT session.</summary>
        public MqttSession Session { get { return _session; } }

        /// <summary>Events waiting to be published.</summary>
        public EventLog Events { get; private set; }

        /// <summary>The software watchdog; the shell calls its Check from a timer thread.</summary>
        public SoftwareWatchdog Watchdog { get; private set; }

        /// <summary>Telemetry windows closed since boot.</summary>
        public long WindowsClosed { get { return _sequence; } }

        /// <summary>Failed saves to flash since boot.</summary>
        public long SaveFailures { get; private set; }

        /// <summary>Restores counters and config, counts the boot (saved at once), and opens the first window.</summary>
        public void Start()
        {
            SavedState saved = StateCodec.Decode(_storage.Read(StateBlob));
            Boot = saved == null ? 1 : saved.Boot + 1;
            Incarnation = saved == null ? NewIncarnation() : saved.Incarnation;
            Events.Boot = Boot;
            _epochs = new EpochAllocator(Boot);
            _queue = new TelemetryQueue(1, TelemetryQueue.SlotBytesFor(1));
            _session = new MqttSession(_options.DeviceId, _options.DeviceId, _options.Password, _link, _clock, _queue, _options.MaxInFlight,
                new Backoff(_options.ReconnectBaseMilliseconds, _options.ReconnectCapMilliseconds, _options.RandomSeed));

            int restored = 0;
            byte[] configBlob = _storage.Read(ConfigBlob);
            if (configBlob != null)
            {
                ProtocolError error;
                ConfigMessage config = ConfigCodec.Decode(configBlob, out error);
                if (config != null && config.DeviceId == _options.DeviceId && Install(config, saved, out error))
                {
                    restored = saved == null ? 0 : saved.Channels.Length;
                }
                else
                {
                    Events.Add(EventKinds.ConfigRejected, -1, config == null ? -1 : config.Rev, "saved config: " + (error == null ? "for another device" : error.ToString()));
                }
            }

            string incarnation = saved == null ? "; no readable saved state: new incarnation" : "";
            if (!Save(ResetReasons.Unknown))
            {
                // The next boot would read the older state and count this boot number again: a new incarnation keeps
                // this boot's windows apart from that one's (it is saved with the counters once a save succeeds).
                Incarnation = NewIncarnation();
                incarnation = "; the boot number could not be saved: new incarnation";
            }

            Events.Add(EventKinds.Boot, -1, _config == null ? -1 : _config.Rev, BootDetail(saved, restored) + incarnation);
            if (saved != null && saved.ResetReason == ResetReasons.Watchdog)
            {
                Events.Add(EventKinds.WatchdogReboot, -1, -1, "the previous boot stopped sampling and was rebooted by the software watchdog");
            }

            OpenWindow(_clock.MonotonicMicroseconds);
        }

        /// <summary>One pass of a single-threaded loop: service first (so a window closes before later samples), then sampling.</summary>
        public void Tick()
        {
            Service();
            SampleDue();
        }

        /// <summary>Samples every channel that is due. The sampling thread calls this in a tight loop; it allocates nothing.</summary>
        public void SampleDue()
        {
            SampleDue(SensorKind.Unknown);
        }

        /// <summary>
        /// Samples the due channels of one sensor kind (Unknown: all). The ESP32 shell runs one sampling thread per bus,
        /// so a slow Modbus exchange never delays the INA219s. Each pass feeds the watchdog.
        /// </summary>
        public void SampleDue(SensorKind kind)
        {
            ChannelSampler[] samplers = _samplers;
            for (int i = 0; i < samplers.Length; i++)
            {
                if (kind == SensorKind.Unknown || samplers[i].Config.Kind == kind)
                {
                    samplers[i].SampleIfDue(_clock.MonotonicMicroseconds);
                }
            }

            Watchdog.Feed();
        }

        /// <inheritdoc />
        public byte[] Birth(out int length)
        {
            return _status.Online(Incarnation, Boot, _config == null ? 0 : _config.Rev, _session.Reconnects, _queue.Count, _queue.Dropped, _samplers, out length);
        }

        /// <inheritdoc />
        public byte[] LastWill(out int length)
        {
            return _status.Offline(Incarnation, Boot, out length);
        }

        /// <inheritdoc />
        public void BeforeReboot()
        {
            Save(ResetReasons.Watchdog);
        }
    }
}
