using Metering.Firmware.Core.Config;
using Metering.Firmware.Core.Persistence;
using Metering.Firmware.Core.Sampling;
using Metering.Protocol;

namespace Metering.Firmware.Core
{
    /// <summary>What survives a reboot: the incarnation, the boot counter and the channel counters with their lineage.</summary>
    public sealed partial class MeterRuntime
    {
        /// <summary>
        /// Marks epoch lineages as acknowledged once the broker acknowledged a window that carried them (telemetry then
        /// stops carrying them). True when one was settled: the state is saved at once, so that a reboot does not
        /// bridge from an epoch the collector has already left.
        /// </summary>
        private bool SettleLineages()
        {
            long acknowledged = _queue.LastAcknowledgedSequence;
            bool settled = false;
            ChannelSampler[] samplers = _samplers;
            for (int i = 0; i < samplers.Length; i++)
            {
                settled |= samplers[i].AcknowledgedThrough(acknowledged);
            }

            return settled;
        }

        /// <summary>Saves the incarnation, boot and counters; false (and counted) when the write failed.</summary>
        private bool Save(int resetReason)
        {
            // The watchdog's last act saves from its own thread while the service loop may be saving: one at a time.
            lock (_stateBuffer)
            {
                SavedState state = ChannelBuilder.Snapshot(Incarnation, Boot, resetReason, _samplers, _clock.MonotonicMicroseconds);
                int length = StateCodec.Encode(state, _stateBuffer);
                bool written = _storage.Write(StateBlob, _stateBuffer, length);
                if (!written)
                {
                    SaveFailures++;
                }

                _lastSaveMicroseconds = _clock.MonotonicMicroseconds;
                return written;
            }
        }

        /// <summary>A random incarnation from the platform's entropy: 53 bits, never 0.</summary>
        private long NewIncarnation()
        {
            byte[] bytes = new byte[7];
            _platform.RandomBytes(bytes);
            long id = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                id = (id << 8) | bytes[i];
            }

            id &= ProtocolLimits.MaxSafeInteger;
            return id == 0 ? 1 : id;
        }

        private static string BootDetail(SavedState saved, int restored)
        {
            if (saved == null)
            {
                return "first boot or no readable saved state: every channel starts a new epoch at zero";
            }

            return "boot " + (saved.Boot + 1).ToString() + "; " + restored.ToString()
                + " saved channel counters restored: pzem004t channels keep their epochs and resume from their energy registers, ina219 channels start new epochs that continue the saved ones";
        }
    }
}
