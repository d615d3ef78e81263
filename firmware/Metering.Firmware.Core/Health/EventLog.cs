using Metering.Firmware.Core.Platform;
using Metering.Protocol;

namespace Metering.Firmware.Core.Health
{
    /// <summary>
    /// Events waiting to be published: a small bounded ring (oldest dropped and counted when full), sent whenever
    /// the session is connected. Events are rare, so each is a small allocation; the sampling path never raises one.
    /// </summary>
    public sealed class EventLog
    {
        private readonly EventMessage[] _ring;
        private readonly string _deviceId;
        private readonly IClock _clock;
        private readonly byte[] _buffer = new byte[ProtocolLimits.MaxPayloadBytes];
        private readonly object _lock = new object();
        private int _head;
        private int _count;

        /// <summary>Creates a log holding up to <paramref name="capacity"/> unsent events.</summary>
        public EventLog(string deviceId, IClock clock, int capacity)
        {
            _deviceId = deviceId;
            _clock = clock;
            _ring = new EventMessage[capacity];
        }

        /// <summary>Boot counter stamped on events.</summary>
        public long Boot { get; set; }

        /// <summary>Events dropped because the log was full.</summary>
        public long Dropped { get; private set; }

        /// <summary>Unsent events.</summary>
        public int Count { get { lock (_lock) { return _count; } } }

        /// <summary>Records an event; <paramref name="channel"/> and <paramref name="rev"/> are -1 when not concerned.</summary>
        public void Add(string kind, int channel, long rev, string detail)
        {
            var e = new EventMessage();
            e.DeviceId = _deviceId;
            e.Boot = Boot;
            e.TimeMs = _clock.UtcMilliseconds;
            e.UptimeMs = _clock.MonotonicMicroseconds / 1000;
            e.ClockSynced = _clock.IsSynced;
            e.Kind = kind;
            e.Channel = channel;
            e.Rev = rev;
            e.Detail = detail != null && detail.Length > 256 ? detail.Substring(0, 256) : detail;
            lock (_lock)
            {
                if (_count == _ring.Length)
                {
                    _head = (_head + 1) % _ring.Length;
                    _count--;
                    Dropped++;
                }

                _ring[(_head + _count) % _ring.Length] = e;
                _count++;
            }
        }

        /// <summary>Encodes the oldest unsent event; null when there is none. Call <see cref="Remove"/> once it is published.</summary>
        public byte[] Peek(out int length)
        {
            EventMessage e;
            lock (_lock)
            {
                length = 0;
                if (_count == 0)
                {
                    return null;
                }

                e = _ring[_head];
            }

            length = EventCodec.Encode(e, _buffer, 0);
            return _buffer;
        }

        /// <summary>Removes the oldest event (after it was published).</summary>
        public void Remove()
        {
            lock (_lock)
            {
                if (_count > 0)
                {
                    _ring[_head] = null;
                    _head = (_head + 1) % _ring.Length;
                    _count--;
                }
            }
        }
    }
}
