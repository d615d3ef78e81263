using System;
using System.IO.Ports;
using System.Threading;
using Metering.Firmware.Core.Drivers;
using nanoFramework.Hardware.Esp32;

namespace Metering.Firmware.Buses
{
    /// <summary>
    /// The PZEM-004T bus on COM2 (9600 8N1) over nanoFramework's SerialPort, with bounded timeouts. Reads poll the
    /// receive buffer instead of blocking in SerialPort.Read, because a blocking read that times out throws, and an
    /// exception allocates: this way a quiet line (every request starts by waiting for one) costs no garbage.
    /// </summary>
    public sealed class UartPort : ISerialPort
    {
        /// <summary>The UART this class drives (its pins are routed with the COM2 device functions).</summary>
        public const string PortName = "COM2";

        /// <summary>Write timeout: an 8-byte request takes 8.3 ms at 9600 baud.</summary>
        public const int WriteTimeoutMilliseconds = 100;

        /// <summary>Poll period while waiting for bytes (the Modbus inter-character time at 9600 baud is 1.04 ms).</summary>
        private const int PollMilliseconds = 1;

        /// <summary>Upper bound on drain reads in <see cref="DiscardInput"/> (the ESP32 driver's receive buffer is 256 bytes).</summary>
        private const int MaxDrainReads = 16;

        private readonly SerialPort _port;
        private readonly byte[] _scratch = new byte[32];
        private int _readTimeout;

        /// <summary>Routes GPIO <paramref name="rxPin"/>/<paramref name="txPin"/> to COM2 and opens it at <paramref name="baudRate"/> 8N1.</summary>
        public UartPort(int rxPin, int txPin, int baudRate)
        {
            // Pin functions must be set before the port is created (COM2 has no default pins on the ESP32).
            Configuration.SetPinFunction(rxPin, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(txPin, DeviceFunction.COM2_TX);
            _port = new SerialPort(PortName, baudRate, Parity.None, 8, StopBits.One);
            _port.Handshake = Handshake.None;

            // Both default to infinite; ReadTimeout must be at least 1 ms.
            _readTimeout = 200;
            _port.ReadTimeout = _readTimeout;
            _port.WriteTimeout = WriteTimeoutMilliseconds;
            _port.Open();
        }

        /// <summary>Writes that timed out or failed (the request is then lost and the reply times out).</summary>
        public int WriteFailures { get; private set; }

        /// <summary>Reads that threw although bytes were waiting (should stay 0).</summary>
        public int ReadFailures { get; private set; }

        /// <inheritdoc />
        public void DiscardInput()
        {
            for (int i = 0; i < MaxDrainReads; i++)
            {
                int waiting = Waiting();
                if (waiting <= 0)
                {
                    return;
                }

                ReadWaiting(_scratch, 0, waiting < _scratch.Length ? waiting : _scratch.Length, 1);
            }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            try
            {
                _port.Write(buffer, offset, count);
            }
            catch (Exception)
            {
                // TimeoutException or an I/O error: the meter never got the request, which the client sees as no reply.
                WriteFailures++;
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            long deadline = Now() + (timeoutMilliseconds * 1000L);
            int got = 0;
            while (got < count)
            {
                int waiting = Waiting();
                if (waiting > 0)
                {
                    int want = waiting < count - got ? waiting : count - got;
                    int n = ReadWaiting(buffer, offset + got, want, timeoutMilliseconds);
                    if (n > 0)
                    {
                        got += n;
                        continue;
                    }
                }

                if (Now() >= deadline)
                {
                    break;
                }

                Thread.Sleep(PollMilliseconds);
            }

            return got;
        }

        /// <summary>Reads bytes already in the receive buffer (so SerialPort.Read returns at once); 0 when it threw.</summary>
        private int ReadWaiting(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            int timeout = timeoutMilliseconds < 1 ? 1 : timeoutMilliseconds;
            try
            {
                if (timeout != _readTimeout)
                {
                    // Bounds the read should the driver ever wait (it waits only for bytes not yet buffered).
                    _port.ReadTimeout = timeout;
                    _readTimeout = timeout;
                }

                return _port.Read(buffer, offset, count);
            }
            catch (TimeoutException)
            {
                ReadFailures++;
                return 0;
            }
            catch (Exception)
            {
                ReadFailures++;
                return 0;
            }
        }

        private int Waiting()
        {
            try
            {
                return _port.BytesToRead;
            }
            catch (Exception)
            {
                return 0;
            }
        }

        private static long Now()
        {
            return (long)HighResTimer.GetCurrent();
        }
    }
}
