namespace Metering.Firmware.Core.Drivers
{
    /// <summary>
    /// A half-duplex byte stream such as the UART the PZEM-004T meters share (9600 8N1). The ESP32 shell adapts
    /// nanoFramework's SerialPort (with its timeouts set, since they default to infinite); tests use a Modbus-level
    /// virtual bus of meters.
    /// </summary>
    public interface ISerialPort
    {
        /// <summary>Drops whatever has been received and not read (stale bytes from an earlier, late reply).</summary>
        void DiscardInput();

        /// <summary>Sends <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes, waiting at most <paramref name="timeoutMilliseconds"/> for them in
        /// all; returns how many arrived (0 when nothing did). Never throws on timeout.
        /// </summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds);
    }
}
