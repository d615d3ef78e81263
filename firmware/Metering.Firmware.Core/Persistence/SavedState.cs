using Metering.Protocol;

namespace Metering.Firmware.Core.Persistence
{
    /// <summary>What survives a reboot: the incarnation, the boot counter, why the last boot ended, and each channel's counter.</summary>
    public sealed class SavedState
    {
        /// <summary>The device's incarnation (1..2^53-1): drawn at random when no state could be read, kept with the counters.</summary>
        public long Incarnation;

        /// <summary>Boot counter of the boot that saved this state.</summary>
        public long Boot;

        /// <summary>Why the device restarted, when the firmware knew (see <see cref="ResetReasons"/>).</summary>
        public int ResetReason;

        /// <summary>Channel counters; entries are matched to config channels by id, kind and address.</summary>
        public SavedChannel[] Channels = new SavedChannel[0];

        /// <summary>The saved channel with this identity, or null.</summary>
        public SavedChannel Find(int channelId, SensorKind kind, int address)
        {
            for (int i = 0; i < Channels.Length; i++)
            {
                SavedChannel c = Channels[i];
                if (c.ChannelId == channelId && c.Kind == kind && c.Address == address)
                {
                    return c;
                }
            }

            return null;
        }
    }

    /// <summary>One channel's counter as saved.</summary>
    public sealed class SavedChannel
    {
        /// <summary>Channel id.</summary>
        public int ChannelId;
        /// <summary>Sensor kind.</summary>
        public SensorKind Kind;
        /// <summary>Bus address.</summary>
        public int Address;
        /// <summary>Counter epoch.</summary>
        public long Epoch;
        /// <summary>Counter, whole millijoules.</summary>
        public long Millijoules;
        /// <summary>Counter remainder, nanojoules.</summary>
        public long RemainderNanojoules;
        /// <summary>PZEM register band anchor: counter at the anchor, in millijoules.</summary>
        public long AnchorMillijoules;
        /// <summary>PZEM register band anchor: register at the anchor, in watt-hours; -1 when none.</summary>
        public long AnchorWattHours = -1;
        /// <summary>PZEM register at the last sample before the save, in watt-hours; -1 when none. Lower after a reboot: it was reset.</summary>
        public long LastWattHours = -1;
        /// <summary>PZEM register band: the calibration offset's energy since the anchor, in millijoules (signed).</summary>
        public long OffsetMillijoules;
        /// <summary>The epoch the counter's epoch continues; -1 when none.</summary>
        public long PreviousEpoch = -1;
        /// <summary>The counter where the epoch took over from <see cref="PreviousEpoch"/>, in millijoules.</summary>
        public long PreviousMillijoules;
        /// <summary>True once the broker acknowledged a window that carried the lineage.</summary>
        public bool LineageAcknowledged;
    }

    /// <summary>Why the previous boot ended, as far as the firmware could record it.</summary>
    public static class ResetReasons
    {
        /// <summary>Unknown: power-on, power cut, crash or reset button.</summary>
        public const int Unknown = 0;
        /// <summary>The software watchdog found sampling stalled.</summary>
        public const int Watchdog = 1;
        /// <summary>A reboot the firmware asked for (e.g. after an update).</summary>
        public const int Requested = 2;
    }
}
