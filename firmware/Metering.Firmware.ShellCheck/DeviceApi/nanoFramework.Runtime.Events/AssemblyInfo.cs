// nanoFramework.Runtime.Events (nanoframework/nanoFramework.Runtime.Events at v1.11.32): referenced by the shell's project, but the shell calls none of its API, so this
// reference assembly declares no type. A dependency of Gpio, Hardware.Esp32, System.Net and M2Mqtt on the device.
[assembly: System.Reflection.AssemblyTitle("nanoFramework.Runtime.Events (reference surface: empty)")]
