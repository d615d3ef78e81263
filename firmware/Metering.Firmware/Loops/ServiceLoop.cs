using System;
using System.Diagnostics;
using System.Threading;
using Metering.Firmware.Core;

namespace Metering.Firmware.Loops
{
    /// <summary>
    /// The service thread: Service() in a loop (windows, MQTT session, config, flash saves, status, events). A pass
    /// can block for seconds while M2Mqtt connects; sampling runs on its own threads meanwhile.
    /// </summary>
    public sealed class ServiceLoop
    {
        private readonly MeterRuntime _runtime;
        private readonly int _pauseMilliseconds;
        private int _passes;
        private int _failures;

        /// <summary>A loop pausing <paramref name="pauseMilliseconds"/> between passes.</summary>
        public ServiceLoop(MeterRuntime runtime, int pauseMilliseconds)
        {
            _runtime = runtime;
            _pauseMilliseconds = pauseMilliseconds;
        }

        /// <summary>Completed passes (wraps; only its change matters).</summary>
        public int Passes
        {
            get { return _passes; }
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
                    _runtime.Service();
                    Interlocked.Increment(ref _passes);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref _failures) % 20 == 1)
                    {
                        Debug.WriteLine("service: pass failed (" + _failures.ToString() + " so far): " + e.Message);
                    }
                }

                Thread.Sleep(_pauseMilliseconds);
            }
        }
    }
}
