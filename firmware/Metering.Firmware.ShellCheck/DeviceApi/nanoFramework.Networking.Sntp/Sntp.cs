// Reference surface of nanoFramework.Networking.Sntp, taken from nanoframework/nanoFramework.Networking.Sntp at v1.6.42 (nanoFramework.Networking.Sntp/Sntp.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace nanoFramework.Networking
{
    /// <summary>The native SNTP client.</summary>
    public class Sntp
    {
        /// <summary>Starts the client.</summary>
        public static void Start() { throw new NotImplementedException(); }

        /// <summary>Stops the client.</summary>
        public static void Stop() { throw new NotImplementedException(); }

        /// <summary>Restarts the client, which syncs at once.</summary>
        public static void UpdateNow() { throw new NotImplementedException(); }

        /// <summary>True while running.</summary>
        public static bool IsStarted { get { throw new NotImplementedException(); } }

        /// <summary>Main server.</summary>
        public static string Server1 { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }

        /// <summary>Second server.</summary>
        public static string Server2 { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }
    }
}
