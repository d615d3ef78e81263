using System;
using System.Diagnostics;
using System.Threading;

namespace Metering.Firmware.Loops
{
    /// <summary>
    /// One thread that runs a pass of the meter in a loop with a short sleep: a sampling pass of one bus
    /// (<c>SampleDue(kind)</c>, so a slow Modbus exchange never delays the INA219s) or the service pass (windows, MQTT,
    /// config, flash, status, events; it can block for seconds while M2Mqtt connects). Each completed pass counts as
    /// progress, which the supervisor watches; a pass that throws is logged (every <c>logEvery</c>-th time) and makes no
    /// progress, so a pass that keeps throwing ends in a supervisor reboot. Allocates nothing unless a pass throws.
    /// </summary>
    public sealed class PassLoop
    {
        private readonly ThreadStart _pass;
        private readonly int _pauseMilliseconds;
        private readonly int _logEvery;
        private int _passes;
        private int _failures;

        /// <summary>A loop named <paramref name="name"/> running <paramref name="pass"/>, pausing <paramref name="pauseMilliseconds"/> between passes.</summary>
        public PassLoop(string name, ThreadStart pass, int pauseMilliseconds, int logEvery)
        {
            Name = name;
            _pass = pass;
            _pauseMilliseconds = pauseMilliseconds;
            _logEvery = logEvery < 1 ? 1 : logEvery;
        }

        /// <summary>Name for logs (<c>sampling ina219</c>, <c>service</c>).</summary>
        public string Name { get; private set; }

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
                    _pass();
                    Interlocked.Increment(ref _passes);
                }
                catch (Exception e)
                {
                    if ((Interlocked.Increment(ref _failures) - 1) % _logEvery == 0)
                    {
                        Debug.WriteLine(Name + ": pass failed (" + _failures.ToString() + " so far): " + e.Message);
                    }
                }

                Thread.Sleep(_pauseMilliseconds);
            }
        }
    }
}
