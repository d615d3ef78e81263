using System;
using System.Device.I2c;
using Metering.Firmware.Core.Drivers;

namespace Metering.Firmware.Buses
{
    /// <summary>
    /// The 16-bit registers of one I2C device (an INA219) over nanoFramework's I2cDevice at 400 kHz. Every transfer
    /// uses buffers allocated here once, and its I2cTransferResult becomes a <see cref="BusStatus"/>: the driver never
    /// sees a value from a failed transfer. Used by one sampling thread at a time.
    /// </summary>
    public sealed class I2cRegisterBus : IRegisterBus
    {
        private readonly I2cDevice _device;
        private readonly byte[] _pointer = new byte[1];
        private readonly byte[] _write = new byte[3];
        private readonly byte[] _read = new byte[2];

        /// <summary>Opens the device at 7-bit <paramref name="address"/> on I2C bus <paramref name="busId"/> (pins already assigned).</summary>
        public I2cRegisterBus(int busId, int address)
        {
            _device = new I2cDevice(new I2cConnectionSettings(busId, address, I2cBusSpeed.FastMode));
            Address = address;
        }

        /// <summary>The device's 7-bit address.</summary>
        public int Address { get; private set; }

        /// <summary>Transfers that threw instead of returning a status, since boot.</summary>
        public int Exceptions { get; private set; }

        /// <inheritdoc />
        public BusStatus Write(byte register, ushort value)
        {
            _write[0] = register;
            _write[1] = (byte)(value >> 8);
            _write[2] = (byte)(value & 0xFF);
            try
            {
                // SpanByte is a ref struct (a stack value over the array): wrapping the preallocated buffers allocates nothing.
                return Map(_device.Write(new SpanByte(_write)).Status);
            }
            catch (Exception)
            {
                Exceptions++;
                return BusStatus.Error;
            }
        }

        /// <inheritdoc />
        public BusStatus Read(byte register, out ushort value)
        {
            value = 0;
            _pointer[0] = register;
            BusStatus status;
            try
            {
                // Pointer byte, repeated start, two data bytes MSB first, in one transaction.
                status = Map(_device.WriteRead(new SpanByte(_pointer), new SpanByte(_read)).Status);
            }
            catch (Exception)
            {
                Exceptions++;
                return BusStatus.Error;
            }

            if (status == BusStatus.Ok)
            {
                value = (ushort)((_read[0] << 8) | _read[1]);
            }

            return status;
        }

        /// <summary>nanoFramework's transfer status as the drivers' bus status.</summary>
        public static BusStatus Map(I2cTransferStatus status)
        {
            switch (status)
            {
                case I2cTransferStatus.FullTransfer:
                    return BusStatus.Ok;
                case I2cTransferStatus.SlaveAddressNotAcknowledged:
                    return BusStatus.NoAcknowledge;
                case I2cTransferStatus.PartialTransfer:
                    return BusStatus.PartialTransfer;
                default:
                    // ClockStretchTimeout, UnknownError and any status a later library adds.
                    return BusStatus.Error;
            }
        }
    }
}
