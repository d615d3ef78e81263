// Reference surface of System.Net, taken from nanoframework/System.Net at v1.11.52 (nanoFramework.System.Net/X509Certificates/X509Certificate.cs, NetworkHelper/NetworkHelperStatus.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.Security.Cryptography.X509Certificates
{
    /// <summary>An X.509 certificate.</summary>
    public class X509Certificate
    {
        /// <summary>An empty certificate.</summary>
        public X509Certificate() { throw new NotImplementedException(); }

        /// <summary>A certificate from DER bytes.</summary>
        public X509Certificate(byte[] certificate) { throw new NotImplementedException(); }

        /// <summary>A certificate from PEM text.</summary>
        public X509Certificate(string certificate) { throw new NotImplementedException(); }
    }
}

namespace nanoFramework.Networking
{
    /// <summary>What the network helpers report.</summary>
    public enum NetworkHelperStatus
    {
        /// <summary>Not started.</summary>
        None,
        /// <summary>Started.</summary>
        Started,
        /// <summary>Connected and ready.</summary>
        NetworkIsReady,
        /// <summary>No network interface.</summary>
        FailedNoNetworkInterface,
        /// <summary>Timed out waiting for an address.</summary>
        TokenExpiredWaitingIPAddress,
        /// <summary>Timed out waiting for the time.</summary>
        TokenExpiredWaitingDateTime,
        /// <summary>Wi-Fi connection failed while scanning.</summary>
        ErrorConnetingToWiFiWhileScanning,
        /// <summary>An exception occurred (HelperException).</summary>
        ExceptionOccurred,
        /// <summary>Reconnecting.</summary>
        Reconnecting,
    }
}
