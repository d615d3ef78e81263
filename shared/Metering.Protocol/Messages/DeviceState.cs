namespace Metering.Protocol
{
    /// <summary>The state a status message announces.</summary>
    public enum DeviceState
    {
        /// <summary>Not a known state.</summary>
        Unknown = 0,

        /// <summary><c>online</c>: the birth message and periodic health.</summary>
        Online = 1,

        /// <summary><c>offline</c>: the last will, published by the broker when the device vanishes.</summary>
        Offline = 2,
    }
}
