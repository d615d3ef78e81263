namespace Metering.Firmware.Core.Forwarding
{
    /// <summary>Sending and acknowledging: windows go out in order and leave the ring only when the broker acknowledged them.</summary>
    public sealed partial class TelemetryQueue
    {
        // Only acknowledgements that arrive during one publish are kept (see ForgetEarlyAcks): the few messages a client
        // can have in flight, so 16 is ample; when more come, the oldest is overwritten (the newest is the publish's own).
        private readonly int[] _earlyAcks = new int[16];
        private int _earlyAckCount;
        private int _earlyAckNext;

        /// <summary>
        /// The telemetry sequence of the last window the broker acknowledged (-1 before any): every window up to it was
        /// acknowledged or dropped, since windows leave in order. The runtime settles epoch lineages with it.
        /// </summary>
        public long LastAcknowledgedSequence { get { lock (_lock) { return _lastAcknowledgedSequence; } } }

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

        /// <summary>
        /// Records that the window returned by <see cref="PeekUnsent"/> went out as <paramref name="messageId"/>, applies its
        /// acknowledgement if it already arrived, and forgets every other early acknowledgement (they belong to no window).
        /// </summary>
        public void MarkSent(int messageId)
        {
            lock (_lock)
            {
                if (_sent < _count)
                {
                    _messageIds[(_head + _sent) % _slots.Length] = messageId;
                    _sent++;
                }

                bool early = false;
                for (int i = 0; i < _earlyAckCount; i++)
                {
                    early |= _earlyAcks[i] == messageId;
                }

                _earlyAckCount = 0;
                if (early)
                {
                    AcknowledgeLocked(messageId);
                }
            }
        }

        /// <summary>
        /// Called after the session published anything but telemetry (status, an event): acknowledgements that arrived
        /// before it returned are of that message or of no window, so they are forgotten.
        /// </summary>
        public void ForgetEarlyAcks()
        {
            lock (_lock)
            {
                _earlyAckCount = 0;
            }
        }

        /// <summary>Windows sent and not yet acknowledged.</summary>
        public int InFlight { get { lock (_lock) { return _sent; } } }

        /// <summary>Removes the window sent as <paramref name="messageId"/> once every window before it is acknowledged too.</summary>
        public void Acknowledge(int messageId)
        {
            lock (_lock)
            {
                if (!AcknowledgeLocked(messageId))
                {
                    // Possibly the telemetry being published right now, before MarkSent registers its id.
                    if (_earlyAckCount < _earlyAcks.Length)
                    {
                        _earlyAcks[_earlyAckCount++] = messageId;
                    }
                    else
                    {
                        _earlyAcks[_earlyAckNext] = messageId;
                        _earlyAckNext = (_earlyAckNext + 1) % _earlyAcks.Length;
                    }
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
                _lastAcknowledgedSequence = _sequences[_head];
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
    }
}
