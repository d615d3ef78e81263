// Reference surface of nanoFramework.Runtime.Native, taken from nanoframework/nanoFramework.Runtime.Native at v1.7.11 (nanoFramework.Runtime.Native/Power.cs, RebootOption.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace nanoFramework.Runtime.Native
{
    /// <summary>Reboot options.</summary>
    public enum RebootOption
    {
        /// <summary>Normal reboot.</summary>
        NormalReboot = 0,
        /// <summary>Into nanoBooter.</summary>
        EnterNanoBooter = 1,
        /// <summary>CLR only.</summary>
        ClrOnly = 2,
        /// <summary>Into the vendor's booter.</summary>
        EnterProprietaryBooter = 8,
    }

    /// <summary>Power management.</summary>
    public class Power
    {
        /// <summary>Reboots the device.</summary>
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) { throw new NotImplementedException(); }

        /// <summary>Reboots the device after an execution constraint.</summary>
        public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot) { throw new NotImplementedException(); }
    }
}
