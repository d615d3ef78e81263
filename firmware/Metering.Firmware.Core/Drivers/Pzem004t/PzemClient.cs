using System;

namespace Metering.Firmware.Core.Drivers.Pzem004t
{
    /// <summary>
    /// Modbus-RTU master for PZEM-004T v3.0 meters sharing one UART (9600 8N1), each by its own address. Reads all
    /// measurements in one request, validates every reply (length, address, function, byte count, CRC), retries
    /// transmission failures, and offers the two technician commands: set address and reset energy. It never sends
    /// function 0x41 (factory calibration). Not thread-safe: one sampling thread owns the bus and polls the meters in
    /// turn. Request and reply buffers are allocated here, once, so a read allocates nothing.
    /// </summary>
    /// <remarks>
    /// Inter-frame silence: Modbus RTU wants at least 3.5 character times between frames (3.6 ms at 9600 8N1 with
    /// 10-bit characters). Before every request the client discards pending input and then listens: it sends only
    /// after a read of <see cref="InterFrameGapMilliseconds"/> brings nothing, and drops whatever that read brings (the
    /// tail of a late reply). So the line has been quiet for at least the gap when the request starts, whatever
    /// happened before. The gap is bounded: after a few noisy reads the request goes out anyway and the reply's CRC
    /// check deals with the garbage. A gap of 0 turns the listening off (DiscardInput alone then guards against late
    /// replies).
    /// </remarks>
    public sealed partial class PzemClient
    {
        /// <summary>Default wait for a reply to begin: the maintained drivers use 100-200 ms; the meter answers in tens of ms.</summary>
        public const int DefaultReplyTimeoutMilliseconds = 200;

        /// <summary>Default number of retries after a failed attempt (three attempts in all).</summary>
        public const int DefaultRetries = 2;

        /// <summary>Default quiet time before a request: 3.5 characters at 9600 8N1 is 3.6 ms, rounded up for timer granularity.</summary>
        public const int DefaultInterFrameGapMilliseconds = 5;

        private readonly ISerialPort _port;

        /// <summary>A client with the default timeout, retries and inter-frame gap.</summary>
        public PzemClient(ISerialPort port)
            : this(port, DefaultReplyTimeoutMilliseconds, DefaultRetries, DefaultInterFrameGapMilliseconds)
        {
        }

        /// <summary>A client with explicit timing.</summary>
        /// <param name="port">The UART the meters share.</param>
        /// <param name="replyTimeoutMilliseconds">Wait for each part of a reply, 1 or more (a 25-byte reply takes 26 ms on the wire).</param>
        /// <param name="retries">Extra attempts after a timeout, bad CRC or bad frame, 0 or more. Error replies are not retried.</param>
        /// <param name="interFrameGapMilliseconds">Quiet time the client waits for before each request, 0 or more.</param>
        public PzemClient(ISerialPort port, int replyTimeoutMilliseconds, int retries, int interFrameGapMilliseconds)
        {
            if (port == null)
            {
                throw new ArgumentNullException("port");
            }

            if (replyTimeoutMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException("replyTimeoutMilliseconds", "must be at least 1 ms");
            }

            if (retries < 0)
            {
                throw new ArgumentOutOfRangeException("retries", "must not be negative");
            }

            if (interFrameGapMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("interFrameGapMilliseconds", "must not be negative");
            }

            _port = port;
            ReplyTimeoutMilliseconds = replyTimeoutMilliseconds;
            Retries = retries;
            InterFrameGapMilliseconds = interFrameGapMilliseconds;
        }

        /// <summary>Wait for each part of a reply, in milliseconds.</summary>
        public int ReplyTimeoutMilliseconds { get; }

        /// <summary>Extra attempts a measurement read makes after a failed one.</summary>
        public int Retries { get; }

        /// <summary>Quiet time waited for before each request, in milliseconds (0: no listening).</summary>
        public int InterFrameGapMilliseconds { get; }

        /// <summary>Request frames sent, retries included.</summary>
        public long Requests { get; private set; }

        /// <summary>Attempts that got no byte at all within the reply timeout.</summary>
        public long Timeouts { get; private set; }

        /// <summary>Replies whose CRC did not match.</summary>
        public long CrcErrors { get; private set; }

        /// <summary>Replies that were truncated or not the answer asked for (address, function, byte count, echo).</summary>
        public long BadFrames { get; private set; }

        /// <summary>Modbus error replies received.</summary>
        public long Exceptions { get; private set; }

        /// <summary>Bytes dropped while waiting for a quiet line before a request (tails of late replies, noise).</summary>
        public long LateBytesDiscarded { get; private set; }

        /// <summary>The code of the last error reply (1 illegal function, 2 illegal address, 3 illegal data, 4 slave error); 0 when the last exchange had none.</summary>
        public byte LastExceptionCode { get; private set; }

        /// <summary>
        /// Reads the ten input registers of the meter at <paramref name="address"/> into <paramref name="into"/>:
        /// sends <c>addr 04 00 00 00 0A crc</c> and expects a 25-byte reply. Retries up to <see cref="Retries"/> times
        /// on a timeout, bad CRC or bad frame; an error reply is final. <paramref name="into"/> is written only on Ok.
        /// </summary>
        /// <param name="address">0x01-0xF7, or 0xF8 while the meter is alone on the bus.</param>
        /// <param name="into">The caller's reused measurement.</param>
        public PzemStatus ReadMeasurements(byte address, PzemMeasurement into)
        {
            if (into == null)
            {
                throw new ArgumentNullException("into");
            }

            RequireReachable(address, "address");
            BuildRequest(address, PzemRegisters.ReadInputRegisters, 0x0000, PzemRegisters.InputRegisterCount);
            PzemStatus status = Exchange(PzemRegisters.RequestLength, 1 + Retries);
            if (status == PzemStatus.Ok)
            {
                into.Decode(_reply, 3);
            }

            return status;
        }

        /// <summary>
        /// Gives the meter at <paramref name="currentAddress"/> the address <paramref name="newAddress"/> (write single
        /// register 0x0002; the meter echoes the request, then answers only at the new address). Use the general
        /// address 0xF8 only while the meter is ALONE on the bus: every meter answers 0xF8, and with two on the line
        /// both would take the new address and their replies would collide. Commission meters one at a time.
        /// Sent once, without retries: a lost echo does not tell whether the meter took the address, so read it at
        /// both addresses to find out.
        /// </summary>
        public PzemStatus SetAddress(byte currentAddress, byte newAddress)
        {
            RequireReachable(currentAddress, "currentAddress");
            if (!PzemRegisters.IsIndividualAddress(newAddress))
            {
                throw new ArgumentOutOfRangeException("newAddress", "must be 0x01-0xF7");
            }

            if (newAddress == currentAddress)
            {
                throw new ArgumentException("must differ from currentAddress", "newAddress");
            }

            BuildRequest(currentAddress, PzemRegisters.WriteSingleRegister, PzemRegisters.SlaveAddressRegister, newAddress);
            return Exchange(PzemRegisters.RequestLength, 1);
        }

        /// <summary>
        /// Resets the energy register of the meter at <paramref name="address"/> to 0 Wh (function 0x42, answered by
        /// an echo of <c>addr 42 crc</c>). Sent once, without retries, like every command that changes the meter.
        /// </summary>
        public PzemStatus ResetEnergy(byte address)
        {
            RequireReachable(address, "address");
            _request[0] = address;
            _request[1] = PzemRegisters.ResetEnergy;
            ModbusCrc.Append(_request, 2);
            return Exchange(PzemRegisters.ResetEnergyLength, 1);
        }

        private static void RequireReachable(byte address, string parameterName)
        {
            if (!PzemRegisters.IsIndividualAddress(address) && address != PzemRegisters.GeneralAddress)
            {
                // Broadcast (0x00) gets no reply, so nothing could be read or confirmed through it.
                throw new ArgumentOutOfRangeException(parameterName, "must be 0x01-0xF7, or 0xF8 with one meter on the bus");
            }
        }

        private void BuildRequest(byte address, byte function, int register, int value)
        {
            _request[0] = address;
            _request[1] = function;
            _request[2] = (byte)(register >> 8);
            _request[3] = (byte)(register & 0xFF);
            _request[4] = (byte)(value >> 8);
            _request[5] = (byte)(value & 0xFF);
            ModbusCrc.Append(_request, 6);
        }
    }
}
