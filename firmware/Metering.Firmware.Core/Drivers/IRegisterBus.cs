namespace Metering.Firmware.Core.Drivers
{
    /// <summary>
    /// 16-bit register access to one I2C device (its address is bound when the bus is made), most significant
    /// byte first, as the INA219 and its relatives use. The ESP32 shell adapts nanoFramework's I2cDevice and maps
    /// its I2cTransferResult to <see cref="BusStatus"/>; tests use a register-level virtual device.
    /// </summary>
    public interface IRegisterBus
    {
        /// <summary>Writes <paramref name="value"/> to register <paramref name="register"/> (pointer byte, then MSB, LSB).</summary>
        BusStatus Write(byte register, ushort value);

        /// <summary>Sets the register pointer to <paramref name="register"/> and reads its 16-bit value (MSB first).</summary>
        BusStatus Read(byte register, out ushort value);
    }

    /// <summary>Outcome of one bus transfer. Drivers turn anything but Ok into an error count, never into a value.</summary>
    public enum BusStatus
    {
        /// <summary>Every byte went through.</summary>
        Ok = 0,

        /// <summary>The device did not acknowledge its address (absent, unpowered, wrong address).</summary>
        NoAcknowledge = 1,

        /// <summary>Fewer bytes than requested went through.</summary>
        PartialTransfer = 2,

        /// <summary>Any other bus failure (clock stretching timeout, arbitration lost, driver error).</summary>
        Error = 3,
    }
}
