namespace Metering.Protocol
{
    /// <summary>The numeric limits of the v1 wire contract (README.md, "Limits").</summary>
    public static class ProtocolLimits
    {
        /// <summary>The protocol version this library writes and the only one it reads (field <c>v</c>).</summary>
        public const int Version = 1;

        /// <summary>Largest payload in bytes a decoder accepts and an encoder writes.</summary>
        public const int MaxPayloadBytes = 4096;

        /// <summary>Most channels one device reports in one message (and configures).</summary>
        public const int MaxChannels = 16;

        /// <summary>Largest channel id (ids are 0..MaxChannelId, unique within a device).</summary>
        public const int MaxChannelId = 31;

        /// <summary>Deepest nesting of objects and arrays, the top-level object counting as 1.</summary>
        public const int MaxDepth = 4;

        /// <summary>Longest device id in characters.</summary>
        public const int MaxDeviceIdLength = 32;

        /// <summary>Largest integer on the wire: 2^53 - 1, so every JSON consumer reads it exactly.</summary>
        public const long MaxSafeInteger = 9007199254740991L;
    }
}
