// nanoFramework.System.Collections (nanoframework/nanoFramework.System.Collections at 1.5.67 (no tag in the stored mirror)): referenced by the shell's project, but the shell calls none of its API, so this
// reference assembly declares no type. A dependency of M2Mqtt on the device; ArrayList, which M2Mqtt's Publish takes, is in mscorlib 1.17.11.
[assembly: System.Reflection.AssemblyTitle("nanoFramework.System.Collections (reference surface: empty)")]
