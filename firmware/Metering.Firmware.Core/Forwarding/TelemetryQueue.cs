using Metering.Protocol;

namespace Metering.Firmware.Core.Forwarding
{
    /// <summary>
    /// Store-and-forward: a bounded ring of encoded telemetry, preallocated at start, holding windows while MQTT is
    /// down and sending them in order. When full, the oldest window is dropped and counted: its energy is still in the
    /// counters of the windows after it, so only time resolution is lost. Entries leave the ring only when acknowledged.
    /// An acknowledgement can arrive before <see cref="MarkSent"/> registers its message id (the link reports from its own
    /// thread, possibly inside Publish): such early acknowledgements are kept only until the publish they can belong to
    /// has been settled (<see cref="MarkSent"/> or <see cref="ForgetEarlyAcks"/>), so acknowledgements of status and
    /// events never pile up and a stale one can never acknowledge a later window that reuses its id.
    /// </summary>
    public sealed partial class TelemetryQueue
    {
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private readonly int[] _messageIds;
        private readonly long[] _sequences;
        private readonly bool[] _acked;
        private readonly object _lock = new object();
        private int _head;
        private int _count;
        private int _sent;
        private long _lastAcknowledgedSequence = -1;

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
            _sequences = new long[capacity];
            _acked = new bool[capacity];
        }

        /// <summary>
        /// Largest encoded telemetry for <paramref name="channels"/> channels, in bytes: every field at its widest, the
        /// incarnation, the uptime and every channel's lineage included, capped at the 4096-byte payload limit (from 14
        /// channels on; see <see cref="Enqueue"/>).
        /// </summary>
        public static int SlotBytesFor(int channels)
        {
            // 237: the message's own fields at their widest (uptime_ms 29 of them); 288: one channel's, lineage included.
            int widest = 237 + (288 * channels);
            return widest < ProtocolLimits.MaxPayloadBytes ? widest : ProtocolLimits.MaxPayloadBytes;
        }

        /// <summary>Slots in the ring.</summary>
        public int Capacity { get { return _slots.Length; } }

        /// <summary>Windows waiting (sent or not) for an acknowledgement.</summary>
        public int Count { get { lock (_lock) { return _count; } } }

        /// <summary>
        /// Windows that will never be sent, since boot: pushed out of a full ring (oldest first), or, after a config
        /// change, too large for the new ring's slots, or not encodable at all. Every window lost here is counted here.
        /// </summary>
        public long Dropped { get; private set; }

        /// <summary>The part of <see cref="Dropped"/> that did not fit or could not be encoded (a bug or a slot too small), since boot.</summary>
        public long EncodeFailures { get; private set; }

        /// <summary>
        /// Encodes <paramref name="message"/> into the next slot, dropping the oldest window when full. A message that
        /// does not fit only because of its epoch lineages (14 to 16 channels with values near their maxima) is queued
        /// without them: they are cleared in <paramref name="message"/>, and a later window carries them. False, with the
        /// window counted as dropped, when it could not be encoded at all.
        /// </summary>
        public bool Enqueue(TelemetryMessage message)
        {
            lock (_lock)
            {
                if (_count == _slots.Length)
                {
                    DropOldest();
                }

                int slot = (_head + _count) % _slots.Length;
                int length = Encode(message, slot);
                if (length < 0 && ClearLineages(message))
                {
                    length = Encode(message, slot);
                }

                if (length < 0)
                {
                    EncodeFailures++;
                    Dropped++;
                    return false;
                }

                _lengths[slot] = length;

                _messageIds[slot] = 0;
                _sequences[slot] = message.Sequence;
                _acked[slot] = false;
                _count++;
                return true;
            }
        }

        /// <summary>The encoded length in <paramref name="slot"/>, or -1 when the message breaks the contract or does not fit.</summary>
        private int Encode(TelemetryMessage message, int slot)
        {
            try
            {
                return TelemetryCodec.Encode(message, _slots[slot], 0);
            }
            catch (ProtocolException)
            {
                return -1;
            }
        }

        /// <summary>Clears every channel's lineage in <paramref name="message"/>; false when there was none.</summary>
        private static bool ClearLineages(TelemetryMessage message)
        {
            bool any = false;
            for (int i = 0; message.Channels != null && i < message.Channels.Length; i++)
            {
                ChannelReading c = message.Channels[i];
                if (c != null && c.PreviousEpoch != ChannelReading.Absent)
                {
                    c.PreviousEpoch = ChannelReading.Absent;
                    c.PreviousEnergyMillijoules = ChannelReading.Absent;
                    any = true;
                }
            }

            return any;
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
