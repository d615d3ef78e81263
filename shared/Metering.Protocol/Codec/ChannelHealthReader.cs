using Metering.Protocol.Json;
using Metering.Protocol.Schema;

namespace Metering.Protocol
{
    /// <summary>Reads the per-channel health list of a status message.</summary>
    internal static class ChannelHealthReader
    {
        private const string Path = "channels";

        public static ProtocolError ReadAll(JsonReader r, out ChannelHealth[] channels)
        {
            channels = null;
            if (!r.BeginArray(StatusFields.Channels, null, 0))
            {
                return r.Error;
            }

            var items = new ChannelHealth[ProtocolLimits.MaxChannels];
            int n = 0;
            bool more;
            while (r.NextItem(null, 0, Path, out more) && more)
            {
                ProtocolError e = ChannelListRules.CheckRoom(n, Path);
                if (e != null)
                {
                    return e;
                }

                var c = new ChannelHealth();
                e = Read(r, c, n);
                if (e != null)
                {
                    return e;
                }

                items[n++] = c;
            }

            if (r.Error != null)
            {
                return r.Error;
            }

            channels = new ChannelHealth[n];
            System.Array.Copy(items, channels, n);
            return null;
        }

        private static ProtocolError Read(JsonReader r, ChannelHealth c, int item)
        {
            if (!r.BeginItemObject(Path, item))
            {
                return r.Error;
            }

            FieldSpec[] specs = ChannelHealthFields.All;
            int seen = 0;
            bool more;
            while (r.NextMember(Path, item, out more) && more)
            {
                int k = r.KeyIndex(specs);
                ProtocolError e = k < 0 ? CodecSupport.Unknown(r, false, Path, item) : CodecSupport.MarkSeen(ref seen, k, specs[k], Path, item) ?? ReadMember(r, c, k, item);
                if (e != null)
                {
                    return e;
                }
            }

            return r.Error ?? CodecSupport.FirstMissing(specs, seen, Path, item);
        }

        private static ProtocolError ReadMember(JsonReader r, ChannelHealth c, int k, int item)
        {
            ProtocolError e;
            long v;
            switch (k)
            {
                case 0:
                    if (!r.ReadInteger(ChannelHealthFields.Id, Path, item, out v)) return r.Error;
                    c.ChannelId = (int)v;
                    return null;
                case 1:
                    SensorKind kind;
                    CodecSupport.ReadKind(r, ChannelHealthFields.Kind, Path, item, out kind, out e);
                    c.Kind = kind;
                    return e;
                case 2:
                    if (!r.ReadInteger(ChannelHealthFields.Errors, Path, item, out v)) return r.Error;
                    c.ErrorCount = v;
                    return null;
                default:
                    string s;
                    if (!r.ReadString(ChannelHealthFields.Fault, Path, item, out s)) return r.Error;
                    c.Fault = s;
                    return EventKinds.IsToken(s) ? null : CodecSupport.InvalidValue(ChannelHealthFields.Fault, Path, item, "fault is a token of a-z, 0-9 and '_'");
            }
        }
    }
}
