using Metering.Firmware.Core.Platform;
using Metering.Firmware.Core.Sampling;
using Metering.Protocol;

namespace Metering.Firmware.Core.Health
{
    /// <summary>Builds the retained status (birth, periodic health, last will) from the running meter, into reused buffers.</summary>
    public sealed class StatusReporter
    {
        private readonly string _deviceId;
        private readonly string _firmwareVersion;
        private readonly IClock _clock;
        private readonly IPlatform _platform;
        private readonly byte[] _buffer = new byte[ProtocolLimits.MaxPayloadBytes];
        private readonly byte[] _willBuffer = new byte[256];

        /// <summary>Creates the reporter of <paramref name="deviceId"/>.</summary>
        public StatusReporter(string deviceId, string firmwareVersion, IClock clock, IPlatform platform)
        {
            _deviceId = deviceId;
            _firmwareVersion = firmwareVersion;
            _clock = clock;
            _platform = platform;
        }

        /// <summary>Encodes the "online" status with the health figures given.</summary>
        public byte[] Online(long incarnation, long boot, long configRev, long reconnects, int queueDepth, long queueDropped, ChannelSampler[] samplers, out int length)
        {
            var m = new StatusMessage();
            m.DeviceId = _deviceId;
            m.State = DeviceState.Online;
            m.FirmwareVersion = _firmwareVersion;
            m.Incarnation = incarnation;
            m.Boot = boot;
            m.UptimeSeconds = _clock.MonotonicMicroseconds / 1000000;
            m.ConfigRev = configRev;
            m.HeapFreeBytes = _platform.FreeHeapBytes();
            int rssi = _platform.RssiDbm();
            m.RssiDbm = rssi >= -127 && rssi <= 0 ? rssi : StatusMessage.Absent;
            m.Reconnects = reconnects;
            m.QueueDepth = queueDepth > 65535 ? 65535 : queueDepth;
            m.QueueDropped = queueDropped;
            m.Channels = new ChannelHealth[samplers == null ? 0 : samplers.Length];
            for (int i = 0; i < m.Channels.Length; i++)
            {
                var h = new ChannelHealth();
                h.ChannelId = samplers[i].Config.ChannelId;
                h.Kind = samplers[i].Config.Kind;
                h.ErrorCount = samplers[i].ErrorsSinceBoot;
                h.Fault = samplers[i].Fault;
                m.Channels[i] = h;
            }

            length = StatusCodec.Encode(m, _buffer, 0);
            return _buffer;
        }

        /// <summary>Encodes the "offline" last will (firmware version, incarnation and boot, so the collector knows which boot vanished).</summary>
        public byte[] Offline(long incarnation, long boot, out int length)
        {
            var m = new StatusMessage();
            m.DeviceId = _deviceId;
            m.State = DeviceState.Offline;
            m.FirmwareVersion = _firmwareVersion;
            m.Incarnation = incarnation;
            m.Boot = boot;
            length = StatusCodec.Encode(m, _willBuffer, 0);
            return _willBuffer;
        }
    }
}
