// Reference surface of System.Device.I2c, taken from nanoframework/System.Device.I2c at v1.1.29 (System.Device.I2c/I2cDevice.cs, I2cConnectionSettings.cs, I2cBusSpeed.cs, I2cTransferResult.cs, I2cTransferStatus.cs): the namespaces, types and
// signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this is
// compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace System.Device.I2c
{
    /// <summary>Bus speed.</summary>
    public enum I2cBusSpeed
    {
        /// <summary>100 kHz.</summary>
        StandardMode,
        /// <summary>400 kHz.</summary>
        FastMode,
        /// <summary>1 MHz.</summary>
        FastModePlus,
    }

    /// <summary>Outcome of a transfer.</summary>
    public enum I2cTransferStatus
    {
        /// <summary>Unknown error.</summary>
        UnknownError,
        /// <summary>Every byte went through.</summary>
        FullTransfer,
        /// <summary>Clock stretching timed out.</summary>
        ClockStretchTimeout,
        /// <summary>Fewer bytes than requested.</summary>
        PartialTransfer,
        /// <summary>The address was not acknowledged.</summary>
        SlaveAddressNotAcknowledged,
    }

    /// <summary>A transfer's result.</summary>
    public struct I2cTransferResult
    {
        /// <summary>Bytes transferred.</summary>
        public uint BytesTransferred { get { throw new NotImplementedException(); } }

        /// <summary>The outcome.</summary>
        public I2cTransferStatus Status { get { throw new NotImplementedException(); } }
    }

    /// <summary>Bus, address and speed.</summary>
    public sealed class I2cConnectionSettings
    {
        /// <summary>Fast mode on bus <paramref name="busId"/>.</summary>
        public I2cConnectionSettings(int busId, int deviceAddress) { throw new NotImplementedException(); }

        /// <summary>Settings of a device.</summary>
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed) { throw new NotImplementedException(); }
    }

    /// <summary>One I2C device.</summary>
    public class I2cDevice : IDisposable
    {
        /// <summary>Opens the device.</summary>
        public I2cDevice(I2cConnectionSettings settings) { throw new NotImplementedException(); }

        /// <summary>Opens the device.</summary>
        public static I2cDevice Create(I2cConnectionSettings settings) { throw new NotImplementedException(); }

        /// <summary>Reads one byte.</summary>
        public byte ReadByte() { throw new NotImplementedException(); }

        /// <summary>Reads into <paramref name="buffer"/>.</summary>
        public I2cTransferResult Read(SpanByte buffer) { throw new NotImplementedException(); }

        /// <summary>Writes one byte.</summary>
        public I2cTransferResult WriteByte(byte value) { throw new NotImplementedException(); }

        /// <summary>Writes <paramref name="buffer"/>.</summary>
        public I2cTransferResult Write(SpanByte buffer) { throw new NotImplementedException(); }

        /// <summary>Writes, then reads with a repeated start.</summary>
        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer) { throw new NotImplementedException(); }

        /// <summary>Releases the device.</summary>
        public void Dispose() { throw new NotImplementedException(); }
    }
}
