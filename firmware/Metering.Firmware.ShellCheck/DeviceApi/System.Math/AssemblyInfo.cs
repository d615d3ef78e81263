// System.Math (nanoframework/System.Math at v1.5.116): referenced by the shell's project, but the shell calls none of its API, so this
// reference assembly declares no type. The shell and the portable core do not use System.Math.
[assembly: System.Reflection.AssemblyTitle("System.Math (reference surface: empty)")]
