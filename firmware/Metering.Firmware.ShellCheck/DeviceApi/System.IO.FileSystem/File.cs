// Reference surface of System.IO.FileSystem, taken from nanoframework/System.IO.FileSystem at v1.1.87 (System.IO.FileSystem/File.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.IO
{
    /// <summary>Whole-file operations.</summary>
    public static class File
    {
        /// <summary>Deletes a file; nothing when it does not exist.</summary>
        public static void Delete(string path) { throw new NotImplementedException(); }

        /// <summary>True when the file exists.</summary>
        public static bool Exists(string path) { throw new NotImplementedException(); }

        /// <summary>Moves a file; throws when the destination exists.</summary>
        public static void Move(string sourceFileName, string destFileName) { throw new NotImplementedException(); }

        /// <summary>The file's bytes.</summary>
        public static byte[] ReadAllBytes(string path) { throw new NotImplementedException(); }

        /// <summary>Writes the file's bytes.</summary>
        public static void WriteAllBytes(string path, byte[] bytes) { throw new NotImplementedException(); }
    }
}
