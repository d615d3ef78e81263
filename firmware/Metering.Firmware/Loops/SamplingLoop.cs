using System;
using System.Diagnostics;
using System.Threading;
using Metering.Firmware.Core;
using Metering.Protocol;

namespace Metering.Firmware.Loops
{
    /// <summary>
    /// The sampling thread of one bus: SampleDue(kind) in a loop with a short sleep, so a slow Modbus exchange on the
    /// UART never delays the INA219s on I2C. Each completed pass counts as progress, which the supervisor watches
    /// (and which alone lets it pulse the external watchdog). Allocates nothing unless a pass throws.
    /// </summary>
    public sealed class SamplingLoop
    {
        private readonly MeterRuntime _runtime;
        private readonly SensorKind _kind;
        private readonly int _pauseMilliseconds;
        private int _passes;
        private int _failures;

        /// <summary>A loop sampling the channels of <paramref name="kind"/>, pausing <paramref name="pauseMilliseconds"/> between passes.</summary>
        public SamplingLoop(MeterRuntime runtime, SensorKind kind, int pauseMilliseconds)
        {
            _runtime = runtime;
            _kind = kind;
            _pauseMilliseconds = pauseMilliseconds;
        }

        /// <summary>Name for logs: the sensor kind.</summary>
        public string Name
        {
            get { return SensorKinds.Name(_kind); }
        }

        /// <summary>Completed passes (wraps; only its change matters).</summary>
        public int Passes
        {
            get { return _passes; }
        }

        /// <summary>Passes that threw, since boot.</summary>
        public int Failures
        {
            get { return _failures; }
        }

        /// <summary>Starts the thread at <paramref name="priority"/>.</summary>
        public void Start(ThreadPriority priority)
        {
            var thread = new Thread(Run);
            thread.Priority = priority;
            thread.Start();
        }

        private void Run()
        {
            while (true)
            {
                try
                {
                    _runtime.SampleDue(_kind);
                    Interlocked.Increment(ref _passes);
                }
                catch (Exception e)
                {
                    // A pass that keeps throwing makes no progress, so the supervisor reboots after the stall timeout.
                    if (Interlocked.Increment(ref _failures) % 100 == 1)
                    {
                        Debug.WriteLine("sampling " + Name + ": pass failed (" + _failures.ToString() + " so far): " + e.Message);
                    }
                }

                Thread.Sleep(_pauseMilliseconds);
            }
        }
    }
}
