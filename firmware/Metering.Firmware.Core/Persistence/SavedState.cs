using Metering.Protocol;

namespace Metering.Firmware.Core.Persistence
{
    /// <summary>What survives a reboot: the boot counter, why the last boot ended, and each channel's counter.</summary>
    public sealed class SavedState
    {
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
