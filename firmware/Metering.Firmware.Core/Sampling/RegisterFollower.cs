namespace Metering.Firmware.Core.Sampling
{
    /// <summary>
    /// Keeps a PZEM channel's integrated counter within the band its own energy register allows (README.md,
    /// "Following the meter's register"). The register counts whole watt-hours of the meter's internal
    /// accumulator F: with an anchor (counter Ca, register Ra) and a register now at R, the energy since the anchor
    /// lies strictly between (R - Ra - 1) and (R - Ra + 1) Wh. After each sample the counter is raised to the band's
    /// floor (energy the integration missed: a gap, a reboot of the ESP32, a low gain) or held at its ceiling
    /// (integration ran ahead), never lowered. So it has the integration's resolution and the register's long-run
    /// accuracy, and stays monotonic. The channel's calibration moves the band with it: gain_ppm scales the register's
    /// watt-hours, and the energy the offset added to the integrated power since the anchor (<see cref="OffsetMillijoules"/>)
    /// shifts both edges, so an offset reaches the counter at idle as at load.
    /// </summary>
    public sealed class RegisterFollower
    {
        /// <summary>One watt-hour in millijoules.</summary>
        public const long MillijoulesPerWattHour = 3600000;

        /// <summary>Counter value at the anchor, in millijoules.</summary>
        public long AnchorMillijoules;

        /// <summary>Register value at the anchor, in watt-hours; -1 when not anchored.</summary>
        public long AnchorWattHours = -1;

        /// <summary>The register's last value, in watt-hours; -1 when none.</summary>
        public long LastWattHours = -1;

        /// <summary>
        /// Energy the calibration offset added to (or, negative, took from) the integrated power since the anchor, in
        /// millijoules: the integral of calibrated power minus power x gain, which is offset_mw x time while the
        /// calibrated power stays above zero.
        /// </summary>
        public long OffsetMillijoules;

        /// <summary>Offset energy below one millijoule, in nanojoules (signed, |value| below 1,000,000).</summary>
        public long OffsetRemainderNanojoules;

        /// <summary>Times the register went backwards (reset by a technician, spontaneously, or at its limit).</summary>
        public int Resets;

        /// <summary>Whether an anchor is set.</summary>
        public bool Anchored { get { return AnchorWattHours >= 0; } }

        /// <summary>Forgets the anchor (new epoch, config change): the next sample anchors afresh.</summary>
        public void Clear()
        {
            AnchorWattHours = -1;
            LastWattHours = -1;
            ClearOffset();
        }

        /// <summary>
        /// Adds the offset's contribution over <paramref name="microseconds"/>, between contributions of
        /// <paramref name="milliwattsBefore"/> and <paramref name="milliwattsAfter"/> (trapezoid; mW x us = nJ). Called for
        /// every interval the sampler's clock advances, also for gaps the integration cannot bridge: the register covers
        /// the energy of a gap, and the offset must cover its time.
        /// </summary>
        public void AddOffset(long milliwattsBefore, long milliwattsAfter, long microseconds)
        {
            long total = OffsetRemainderNanojoules + (((milliwattsBefore + milliwattsAfter) * microseconds) / 2);
            OffsetMillijoules += total / 1000000;
            OffsetRemainderNanojoules = total % 1000000;
        }

        /// <summary>
        /// Applies the band to <paramref name="counter"/> after a sample whose register read <paramref name="registerWattHours"/>.
        /// <paramref name="before"/> is the counter before this sample's integration (the floor for holding).
        /// <paramref name="gainPpm"/> scales register watt-hours like the channel's power calibration.
        /// <paramref name="lagMillijoules"/> widens the ceiling by the energy the register may not show yet: the meter
        /// refreshes its registers about once a second, so at 23 kW the register can trail the integration by ~6 Wh.
        /// Returns true when the register went backwards (a reset: the band is re-anchored at the counter).
        /// </summary>
        public bool Apply(EnergyCounter counter, long before, long registerWattHours, long gainPpm, long lagMillijoules)
        {
            bool reset = false;
            if (Anchored && registerWattHours < LastWattHours)
            {
                Resets++;
                reset = true;
                AnchorWattHours = -1;
            }

            LastWattHours = registerWattHours;
            if (!Anchored)
            {
                AnchorMillijoules = counter.Millijoules;
                AnchorWattHours = registerWattHours;
                ClearOffset();
                return reset;
            }

            long whMillijoules = (MillijoulesPerWattHour * gainPpm) / 1000000;
            long steps = registerWattHours - AnchorWattHours;
            long floor = AnchorMillijoules + ((steps - 1) * whMillijoules) + OffsetMillijoules;
            long ceiling = AnchorMillijoules + ((steps + 1) * whMillijoules) + OffsetMillijoules + lagMillijoules;
            counter.RaiseTo(floor);
            counter.HoldAt(ceiling, before);
            return false;
        }

        /// <summary>
        /// After a reboot with the anchor restored from flash: the counter jumps to the band's ceiling for the register
        /// now, which is at least anything published before the power cut, so the epoch stays monotonic; the hold then
        /// absorbs the overshoot (at most 2 Wh) as the register advances. The offset's energy while the ESP32 was down
        /// is not known (its monotonic clock restarted) and is not added.
        /// </summary>
        public void ResumeAfterReboot(EnergyCounter counter, long registerWattHours, long gainPpm)
        {
            long whMillijoules = (MillijoulesPerWattHour * gainPpm) / 1000000;
            counter.RaiseTo(AnchorMillijoules + ((registerWattHours - AnchorWattHours + 1) * whMillijoules) + OffsetMillijoules);
            LastWattHours = registerWattHours;
        }

        private void ClearOffset()
        {
            OffsetMillijoules = 0;
            OffsetRemainderNanojoules = 0;
        }
    }
}
