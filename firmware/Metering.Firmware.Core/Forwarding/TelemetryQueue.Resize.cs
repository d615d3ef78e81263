namespace Metering.Firmware.Core.Forwarding
{
    /// <summary>A config change resizes the queue: the waiting windows move into the new one, with the counts.</summary>
    public sealed partial class TelemetryQueue
    {
        /// <summary>Moves every waiting window, oldest first, into <paramref name="target"/> (after a config change); this queue ends empty.</summary>
        public void DrainInto(TelemetryQueue target)
        {
            lock (_lock)
            {
                while (_count > 0)
                {
                    target.EnqueueBytes(_slots[_head], _lengths[_head], _sequences[_head]);
                    _acked[_head] = false;
                    _head = (_head + 1) % _slots.Length;
                    _count--;
                }

                _sent = 0;
                target.AcknowledgedThrough(_lastAcknowledgedSequence);
                target.Dropped += Dropped;
                target.EncodeFailures += EncodeFailures;
                Dropped = 0;
                EncodeFailures = 0;
            }
        }

        private void AcknowledgedThrough(long sequence)
        {
            lock (_lock)
            {
                if (sequence > _lastAcknowledgedSequence)
                {
                    _lastAcknowledgedSequence = sequence;
                }
            }
        }

        private void EnqueueBytes(byte[] payload, int length, long sequence)
        {
            lock (_lock)
            {
                if (length > _slots[0].Length)
                {
                    // A window of the old config with more channels than the new slots hold: it is lost, so it is dropped.
                    EncodeFailures++;
                    Dropped++;
                    return;
                }

                if (_count == _slots.Length)
                {
                    DropOldest();
                }

                int slot = (_head + _count) % _slots.Length;
                System.Array.Copy(payload, _slots[slot], length);
                _lengths[slot] = length;
                _sequences[slot] = sequence;
                _messageIds[slot] = 0;
                _acked[slot] = false;
                _count++;
            }
        }
    }
}
