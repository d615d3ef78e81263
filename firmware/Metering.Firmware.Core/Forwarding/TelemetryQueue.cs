using Metering.Protocol;

namespace Metering.Firmware.Core.Forwarding
{
    /// <summary>
    /// Store-and-forward: a bounded ring of encoded telemetry, preallocated at start, holding windows while MQTT is
    /// down and sending them in order. When full, the oldest window is dropped and counted: its energy is still in the
    /// counters of the windows after it, so only time resolution is lost. Entries leave the ring only when acknowledged.
    /// </summary>
    public sealed class TelemetryQueue
    {
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private readonly int[] _messageIds;
        private readonly bool[] _acked;
        private readonly int[] _earlyAcks = new int[8];
        private readonly object _lock = new object();
        private int _earlyAckCount;
        private int _head;
        private int _count;
        private int _sent;

        /// <summary>Creates a ring of <paramref name="capacity"/> slots of <paramref name="slotBytes"/> bytes each.</summary>
        public TelemetryQueue(int capacity, int slotBytes)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacity", "at least one slot");
            }

            if (slotBytes < 64 || slotBytes > ProtocolLimits.MaxPayloadBytes)
            {
                throw new System.ArgumentOutOfRangeException("slotBytes", "64 to 4096 bytes");
            }

            _slots = new byte[capacity][];
            for (int i = 0; i < capacity; i++)
            {
                _slots[i] = new byte[slotBytes];
            }

            _lengths = new int[capacity];
            _messageIds = new int[capacity];
            _acked = new bool[capacity];
        }

        /// <summary>Largest encoded telemetry for <paramref name="channels"/> channels, in bytes (every field at its widest).</summary>
        public static int SlotBytesFor(int channels)
        {
            return 176 + (224 * channels);
        }

        /// <summary>Slots in the ring.</summary>
        public int Capacity { get { return _slots.Length; } }

        /// <summary>Windows waiting (sent or not) for an acknowledgement.</summary>
        public int Count { get { lock (_lock) { return _count; } } }

        /// <summary>Windows dropped since boot because the ring was full.</summary>
        public long Dropped { get; private set; }

        /// <summary>Windows that could not be encoded into a slot (a bug or a slot too small), since boot.</summary>
        public long EncodeFailures { get; private set; }

        /// <summary>Encodes <paramref name="message"/> into the next slot, dropping the oldest window when full. False when encoding failed.</summary>
        public bool Enqueue(TelemetryMessage message)
        {
            lock (_lock)
            {
                if (_count == _slots.Length)
                {
                    DropOldest();
                }

                int slot = (_head + _count) % _slots.Length;
                try
                {
                    _lengths[slot] = TelemetryCodec.Encode(message, _slots[slot], 0);
                }
                catch (ProtocolException)
                {
                    EncodeFailures++;
                    return false;
                }

                _messageIds[slot] = 0;
                _acked[slot] = false;
                _count++;
                return true;
            }
        }

        /// <summary>
        /// The next window not yet sent: its slot buffer and length, or null when every window is in flight.
        /// Call <see cref="MarkSent"/> with the message id after publishing it.
        /// </summary>
        public byte[] PeekUnsent(out int length)
        {
            lock (_lock)
            {
                length = 0;
                if (_sent >= _count)
                {
                    return null;
                }

                int slot = (_head + _sent) % _slots.Length;
                length = _lengths[slot];
                return _slots[slot];
            }
        }

        /// <summary>Records that the window returned by <see cref="PeekUnsent"/> went out as <paramref name="messageId"/>.</summary>
        public void MarkSent(int messageId)
        {
            lock (_lock)
            {
                if (_sent < _count)
                {
                    _messageIds[(_head + _sent) % _slots.Length] = messageId;
                    _sent++;
                }

                // The broker can acknowledge before the publisher gets here (the link reports from its own thread).
                for (int i = 0; i < _earlyAckCount; i++)
                {
                    if (_earlyAcks[i] == messageId)
                    {
                        _earlyAcks[i] = _earlyAcks[--_earlyAckCount];
                        AcknowledgeLocked(messageId);
                        return;
                    }
                }
            }
        }

        /// <summary>Windows sent and not yet acknowledged.</summary>
        public int InFlight { get { lock (_lock) { return _sent; } } }

        /// <summary>Removes the window sent as <paramref name="messageId"/> once every window before it is acknowledged too.</summary>
        public void Acknowledge(int messageId)
        {
            lock (_lock)
            {
                if (!AcknowledgeLocked(messageId) && _earlyAckCount < _earlyAcks.Length)
                {
                    _earlyAcks[_earlyAckCount++] = messageId;
                }
            }
        }

        private bool AcknowledgeLocked(int messageId)
        {
            bool found = false;
            for (int i = 0; i < _sent; i++)
            {
                int slot = (_head + i) % _slots.Length;
                if (_messageIds[slot] == messageId && !_acked[slot])
                {
                    _acked[slot] = true;
                    found = true;
                    break;
                }
            }

            while (_count > 0 && _sent > 0 && _acked[_head])
            {
                _acked[_head] = false;
                _head = (_head + 1) % _slots.Length;
                _count--;
                _sent--;
            }

            return found;
        }

        /// <summary>After a reconnect: every unacknowledged window will be sent again, oldest first (the collector drops duplicates).</summary>
        public void ResendUnacknowledged()
        {
            lock (_lock)
            {
                for (int i = 0; i < _count; i++)
                {
                    _acked[(_head + i) % _slots.Length] = false;
                }

                _sent = 0;
                _earlyAckCount = 0;
            }
        }

        /// <summary>Moves every waiting window, oldest first, into <paramref name="target"/> (after a config change); this queue ends empty.</summary>
        public void DrainInto(TelemetryQueue target)
        {
            lock (_lock)
            {
                while (_count > 0)
                {
                    target.EnqueueBytes(_slots[_head], _lengths[_head]);
                    _acked[_head] = false;
                    _head = (_head + 1) % _slots.Length;
                    _count--;
                }

                _sent = 0;
                target.Dropped += Dropped;
                Dropped = 0;
            }
        }

        private void EnqueueBytes(byte[] payload, int length)
        {
            lock (_lock)
            {
                if (length > _slots[0].Length)
                {
                    EncodeFailures++;
                    return;
                }

                if (_count == _slots.Length)
                {
                    DropOldest();
                }

                int slot = (_head + _count) % _slots.Length;
                System.Array.Copy(payload, _slots[slot], length);
                _lengths[slot] = length;
                _messageIds[slot] = 0;
                _acked[slot] = false;
                _count++;
            }
        }

        private void DropOldest()
        {
            _acked[_head] = false;
            _head = (_head + 1) % _slots.Length;
            _count--;
            if (_sent > 0)
            {
                _sent--;
            }

            Dropped++;
        }
    }
}
