// Reference surface of System.Device.Wifi, taken from nanoframework/System.Device.Wifi at v1.5.144 (System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs, WifiReconnectionKind.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.Device.Wifi
{
    /// <summary>Reconnection after a drop.</summary>
    public enum WifiReconnectionKind
    {
        /// <summary>The adapter reconnects by itself.</summary>
        Automatic,
        /// <summary>The application reconnects.</summary>
        Manual,
    }
}

namespace nanoFramework.Networking
{
    using System.Device.Wifi;
    using System.Threading;

    /// <summary>Wi-Fi connection helpers.</summary>
    public static class WifiNetworkHelper
    {
        /// <summary>The helper's state.</summary>
        public static NetworkHelperStatus Status { get { throw new NotImplementedException(); } }

        /// <summary>The exception of a failed attempt, or null.</summary>
        public static Exception HelperException { get { throw new NotImplementedException(); } }

        /// <summary>Joins <paramref name="ssid"/> with DHCP; true when connected within the token's time.</summary>
        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) { throw new NotImplementedException(); }
    }
}
