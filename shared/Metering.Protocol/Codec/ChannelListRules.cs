namespace Metering.Protocol
{
    /// <summary>Rules every channel list shares: 1..16 items (status: 0..16), ids unique.</summary>
    internal static class ChannelListRules
    {
        /// <summary><c>too_many_channels</c> when item <paramref name="index"/> would be past the limit.</summary>
        public static ProtocolError CheckRoom(int index, string path)
        {
            if (index < ProtocolLimits.MaxChannels)
            {
                return null;
            }

            return new ProtocolError(ErrorReason.TooManyChannels, path, "at most " + ProtocolLimits.MaxChannels.ToString() + " channels", -1);
        }

        /// <summary><c>no_channels</c> for an empty list, <c>too_many_channels</c> past the limit.</summary>
        public static ProtocolError CheckCount(int count, string path)
        {
            if (count == 0)
            {
                return new ProtocolError(ErrorReason.NoChannels, path, "at least one channel", -1);
            }

            return CheckRoom(count - 1, path);
        }

        /// <summary><c>duplicate_channel</c> when item <paramref name="index"/> repeats an earlier id.</summary>
        public static ProtocolError CheckDistinct(int earlierId, int id, string path, int index)
        {
            if (earlierId != id)
            {
                return null;
            }

            return new ProtocolError(ErrorReason.DuplicateChannel, ProtocolError.Path(path, index, "id"), "channel id " + id.ToString() + " appears twice", -1);
        }
    }
}
