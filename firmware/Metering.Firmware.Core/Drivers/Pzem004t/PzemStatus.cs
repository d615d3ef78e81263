namespace Metering.Firmware.Core.Drivers.Pzem004t
{
    /// <summary>Outcome of one exchange with a meter, after the client's retries.</summary>
    public enum PzemStatus
    {
        /// <summary>A valid reply arrived and was taken.</summary>
        Ok = 0,

        /// <summary>Nothing arrived within the reply timeout (absent meter, wrong address, no mains, broken wire).</summary>
        NoReply = 1,

        /// <summary>A reply of the expected shape arrived, but its CRC-16/MODBUS did not match.</summary>
        BadCrc = 2,

        /// <summary>
        /// A reply arrived that is not the answer asked for: truncated, another address, another function, a wrong byte
        /// count, or a command echo that differs from the request.
        /// </summary>
        BadFrame = 3,

        /// <summary>The meter answered with a Modbus error reply; its code is <see cref="PzemClient.LastExceptionCode"/>.</summary>
        Exception = 4,
    }
}
