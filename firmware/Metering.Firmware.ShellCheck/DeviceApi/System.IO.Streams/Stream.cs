// Reference surface of System.IO.Streams, taken from nanoframework/System.IO.Streams at v1.1.96 (System.IO.Streams/Stream.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.IO
{
    /// <summary>A sequence of bytes.</summary>
    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        /// <summary>Flushes buffered writes.</summary>
        public abstract void Flush();

        /// <summary>Reads up to <paramref name="count"/> bytes.</summary>
        public abstract int Read(byte[] buffer, int offset, int count);

        /// <summary>Writes <paramref name="count"/> bytes.</summary>
        public abstract void Write(byte[] buffer, int offset, int count);

        /// <summary>Closes the stream.</summary>
        public virtual void Close() { throw new NotImplementedException(); }

        /// <summary>Releases the stream.</summary>
        public void Dispose() { throw new NotImplementedException(); }

        /// <summary>Releases the stream's resources.</summary>
        protected virtual void Dispose(bool disposing) { throw new NotImplementedException(); }
    }
}
