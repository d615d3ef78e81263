namespace Metering.Firmware.Core.Drivers.Pzem004t
{
    /// <summary>The request/reply exchange: quiet line, request, reply of the length its header announces, checks.</summary>
    public sealed partial class PzemClient
    {
        /// <summary>Most listening reads before a request goes out on a line that will not fall quiet.</summary>
        private const int MaxQuietReads = 4;

        private readonly byte[] _request = new byte[PzemRegisters.RequestLength];
        private readonly byte[] _reply = new byte[PzemRegisters.MeasurementReplyLength];
        private readonly byte[] _drain = new byte[PzemRegisters.MeasurementReplyLength + 7];

        /// <summary>Sends the request in <see cref="_request"/> up to <paramref name="attempts"/> times until a reply is final.</summary>
        private PzemStatus Exchange(int requestLength, int attempts)
        {
            PzemStatus status = PzemStatus.NoReply;
            LastExceptionCode = 0;
            for (int attempt = 0; attempt < attempts; attempt++)
            {
                WaitForQuietLine();
                _port.Write(_request, 0, requestLength);
                Requests++;
                status = ReceiveReply(requestLength);
                switch (status)
                {
                    case PzemStatus.Ok:
                        return status;
                    case PzemStatus.Exception:
                        Exceptions++;
                        return status;
                    case PzemStatus.NoReply:
                        Timeouts++;
                        break;
                    case PzemStatus.BadCrc:
                        CrcErrors++;
                        break;
                    default:
                        BadFrames++;
                        break;
                }
            }

            return status;
        }

        /// <summary>
        /// Drops stale input (a late reply to an earlier attempt must not be taken for this one), then waits until a
        /// read of the inter-frame gap brings nothing, so the request starts after at least that much silence.
        /// </summary>
        private void WaitForQuietLine()
        {
            _port.DiscardInput();
            if (InterFrameGapMilliseconds == 0)
            {
                return;
            }

            for (int i = 0; i < MaxQuietReads; i++)
            {
                int count = _port.Read(_drain, 0, _drain.Length, InterFrameGapMilliseconds);
                if (count <= 0)
                {
                    return;
                }

                LateBytesDiscarded += count;
            }
        }

        /// <summary>
        /// Reads the reply's first three bytes, decides from them how long the reply is (error reply 5; measurement 25
        /// when the byte count is 0x14; echo of the request otherwise), reads the rest and checks it.
        /// </summary>
        private PzemStatus ReceiveReply(int requestLength)
        {
            byte function = _request[1];
            int got = ReadUpTo(0, 3);
            if (got == 0)
            {
                return PzemStatus.NoReply;
            }

            if (got < 3)
            {
                return PzemStatus.BadFrame;
            }

            bool isException = _reply[1] == (function | PzemRegisters.ExceptionFlag);
            int length;
            if (isException)
            {
                length = PzemRegisters.ExceptionReplyLength;
            }
            else if (_reply[1] != function)
            {
                return PzemStatus.BadFrame;
            }
            else if (function == PzemRegisters.ReadInputRegisters)
            {
                if (_reply[2] != PzemRegisters.MeasurementByteCount)
                {
                    return PzemStatus.BadFrame;
                }

                length = PzemRegisters.MeasurementReplyLength;
            }
            else
            {
                length = requestLength; // 0x06 and 0x42 answer with an echo of the request.
            }

            if (ReadUpTo(3, length - 3) < length - 3)
            {
                return PzemStatus.BadFrame;
            }

            if (!ModbusCrc.IsValid(_reply, 0, length))
            {
                return PzemStatus.BadCrc;
            }

            // The meter puts the request's address byte in its reply, 0xF8 included (the maintained drivers compare
            // command echoes byte for byte, general address and all).
            if (_reply[0] != _request[0])
            {
                return PzemStatus.BadFrame;
            }

            if (isException)
            {
                LastExceptionCode = _reply[2];
                return PzemStatus.Exception;
            }

            if (function != PzemRegisters.ReadInputRegisters)
            {
                for (int i = 0; i < length; i++)
                {
                    if (_reply[i] != _request[i])
                    {
                        return PzemStatus.BadFrame;
                    }
                }
            }

            return PzemStatus.Ok;
        }

        /// <summary>
        /// Reads until <paramref name="count"/> bytes are in <see cref="_reply"/> from <paramref name="offset"/> or a
        /// read brings nothing within the reply timeout; returns how many arrived. Each read that brings something
        /// brings at least one byte, so at most <paramref name="count"/> + 1 reads are made.
        /// </summary>
        private int ReadUpTo(int offset, int count)
        {
            int got = 0;
            while (got < count)
            {
                int n = _port.Read(_reply, offset + got, count - got, ReplyTimeoutMilliseconds);
                if (n <= 0)
                {
                    break;
                }

                got += n > count - got ? count - got : n;
            }

            return got;
        }
    }
}
