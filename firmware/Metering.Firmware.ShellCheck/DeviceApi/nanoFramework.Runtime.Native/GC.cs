// Reference surface of nanoFramework.Runtime.Native, taken from nanoframework/nanoFramework.Runtime.Native at v1.7.11 (nanoFramework.Runtime.Native/GC.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace nanoFramework.Runtime.Native
{
    /// <summary>The device's garbage collector.</summary>
    public static class GC
    {
        /// <summary>Runs a collection; returns the free managed heap in bytes.</summary>
        public static uint Run(bool compactHeap) { throw new NotImplementedException(); }
    }
}
