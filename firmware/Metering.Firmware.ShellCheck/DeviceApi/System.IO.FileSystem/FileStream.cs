// Reference surface of System.IO.FileSystem, taken from nanoframework/System.IO.FileSystem at v1.1.87 (System.IO.FileSystem/FileStream.cs, FileMode.cs, FileAccess.cs, FileShare.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.IO
{
    /// <summary>How a file is opened.</summary>
    public enum FileMode
    {
        /// <summary>Create; fail when it exists.</summary>
        CreateNew = 1,
        /// <summary>Create or truncate.</summary>
        Create = 2,
        /// <summary>Open an existing file.</summary>
        Open = 3,
        /// <summary>Open or create.</summary>
        OpenOrCreate = 4,
        /// <summary>Open and truncate.</summary>
        Truncate = 5,
        /// <summary>Open and seek to the end.</summary>
        Append = 6,
    }

    /// <summary>Read, write or both.</summary>
    public enum FileAccess
    {
        /// <summary>Read.</summary>
        Read = 1,
        /// <summary>Write.</summary>
        Write = 2,
        /// <summary>Both.</summary>
        ReadWrite = 3,
    }

    /// <summary>Sharing with other openers.</summary>
    [Flags]
    public enum FileShare
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>Read.</summary>
        Read = 1,
        /// <summary>Write.</summary>
        Write = 2,
        /// <summary>Both.</summary>
        ReadWrite = 3,
    }

    /// <summary>A file as a stream.</summary>
    public class FileStream : Stream
    {
        /// <summary>Opens <paramref name="path"/>.</summary>
        public FileStream(string path, FileMode mode) { throw new NotImplementedException(); }

        /// <summary>Opens <paramref name="path"/>.</summary>
        public FileStream(string path, FileMode mode, FileAccess access) { throw new NotImplementedException(); }

        /// <summary>Opens <paramref name="path"/>.</summary>
        public FileStream(string path, FileMode mode, FileAccess access, FileShare share) { throw new NotImplementedException(); }

        /// <summary>Opens <paramref name="path"/>.</summary>
        public FileStream(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize) { throw new NotImplementedException(); }

        /// <inheritdoc />
        public override void Flush() { throw new NotImplementedException(); }

        /// <inheritdoc />
        public override int Read(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        /// <inheritdoc />
        public override void Write(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }
    }
}
