namespace Metering.Firmware.Core.Sampling
{
    /// <summary>
    /// One channel's cumulative energy counter: whole millijoules plus a nanojoule remainder, so trapezoidal
    /// integration in integers loses nothing to rounding. Never decreases within an epoch.
    /// </summary>
    public sealed class EnergyCounter
    {
        private const long NanojoulesPerMillijoule = 1000000;

        /// <summary>Counter epoch (see the wire contract): changes when continuity is broken.</summary>
        public long Epoch;

        /// <summary>Whole millijoules counted in this epoch's lineage.</summary>
        public long Millijoules;

        /// <summary>Energy below one millijoule, in nanojoules (0..999,999).</summary>
        public long RemainderNanojoules;

        /// <summary>
        /// Adds the trapezoid between two power readings <paramref name="microseconds"/> apart:
        /// (P1 + P2) / 2 x dt, with mW x us = nJ. Powers are at most 10^8 mW and dt at most 10^9 us, so the product fits.
        /// </summary>
        public void AddTrapezoid(long milliwattsBefore, long milliwattsAfter, long microseconds)
        {
            AddNanojoules(((milliwattsBefore + milliwattsAfter) * microseconds) / 2);
        }

        /// <summary>Adds <paramref name="nanojoules"/> (ignored when not positive).</summary>
        public void AddNanojoules(long nanojoules)
        {
            if (nanojoules <= 0)
            {
                return;
            }

            long total = RemainderNanojoules + nanojoules;
            Millijoules += total / NanojoulesPerMillijoule;
            RemainderNanojoules = total % NanojoulesPerMillijoule;
        }

        /// <summary>Raises the counter to <paramref name="millijoules"/> if it is below; never lowers it.</summary>
        public void RaiseTo(long millijoules)
        {
            if (millijoules > Millijoules)
            {
                Millijoules = millijoules;
                RemainderNanojoules = 0;
            }
        }

        /// <summary>Caps the counter at <paramref name="millijoules"/> but never below <paramref name="floorMillijoules"/> (its value before this sample).</summary>
        public void HoldAt(long millijoules, long floorMillijoules)
        {
            long cap = millijoules > floorMillijoules ? millijoules : floorMillijoules;
            if (Millijoules >= cap)
            {
                Millijoules = cap;
                RemainderNanojoules = 0;
            }
        }
    }
}
