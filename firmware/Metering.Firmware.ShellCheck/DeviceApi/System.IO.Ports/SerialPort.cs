// Reference surface of System.IO.Ports, taken from nanoframework/System.IO.Ports at v1.1.132 (the pinned 1.1.86 was built on CoreLibrary 1.15.5; see README) (System.IO.Ports/SerialPort.cs, Parity.cs, StopBits.cs, Handshake.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.IO.Ports
{
    /// <summary>Parity.</summary>
    public enum Parity
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>Odd.</summary>
        Odd = 1,
        /// <summary>Even.</summary>
        Even = 2,
    }

    /// <summary>Stop bits.</summary>
    public enum StopBits
    {
        /// <summary>One.</summary>
        One = 1,
        /// <summary>Two.</summary>
        Two = 2,
        /// <summary>One and a half.</summary>
        OnePointFive = 3,
    }

    /// <summary>Flow control.</summary>
    public enum Handshake
    {
        /// <summary>None.</summary>
        None,
        /// <summary>XON/XOFF.</summary>
        XOnXOff,
        /// <summary>RTS/CTS.</summary>
        RequestToSend,
        /// <summary>Both.</summary>
        RequestToSendXOnXOff,
    }

    /// <summary>A UART.</summary>
    public sealed class SerialPort : IDisposable
    {
        /// <summary>A port; <paramref name="portName"/> is COMn.</summary>
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) { throw new NotImplementedException(); }

        /// <summary>Flow control.</summary>
        public Handshake Handshake { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }

        /// <summary>Read timeout in milliseconds; infinite by default.</summary>
        public int ReadTimeout { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }

        /// <summary>Write timeout in milliseconds; infinite by default.</summary>
        public int WriteTimeout { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }

        /// <summary>Bytes received and not read.</summary>
        public int BytesToRead { get { throw new NotImplementedException(); } }

        /// <summary>True while open.</summary>
        public bool IsOpen { get { throw new NotImplementedException(); } }

        /// <summary>Opens the port.</summary>
        public void Open() { throw new NotImplementedException(); }

        /// <summary>Closes the port.</summary>
        public void Close() { throw new NotImplementedException(); }

        /// <summary>Reads up to <paramref name="count"/> bytes; throws TimeoutException when none came in time.</summary>
        public int Read(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        /// <summary>Writes <paramref name="count"/> bytes.</summary>
        public void Write(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        /// <summary>Writes a string.</summary>
        public void Write(string text) { throw new NotImplementedException(); }

        /// <summary>Releases the port.</summary>
        public void Dispose() { throw new NotImplementedException(); }
    }
}
