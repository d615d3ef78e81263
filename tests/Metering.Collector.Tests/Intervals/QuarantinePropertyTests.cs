using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Ingest;
using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

/// <summary>
/// Against the truth: a channel whose true counter rises window by window, published with single glitches (one reading
/// below the last trusted counter), lost and redelivered windows, and clean reboots into epochs that continue the old
/// one. Whatever the mix, the stored energy is exactly what the device counted between its first and its last trusted
/// reading: a glitch never adds energy and never loses any.
/// </summary>
public sealed class QuarantinePropertyTests
{
    [Property(MaxTest = 500)]
    public Property Stored_energy_is_what_the_device_counted_across_glitches_lost_windows_and_lineage() =>
        Prop.ForAll(Gen.Zip(Gen.Choose(0, 11), Gen.Choose(0, 5_000_000)).ArrayOf().ToArbitrary(), steps =>
        {
            var (readings, first, lastTrusted) = Play(steps);
            var engine = new IntervalEngine();
            var stored = readings.Select(engine.Process).Sum(s => s.Interval?.EnergyMillijoules ?? 0);

            return (stored == lastTrusted - first).Label($"stored {stored} mJ, counted {lastTrusted - first} mJ");
        });

    private static (List<AcceptedReading> Readings, long First, long LastTrusted) Play((int Op, int Amount)[] steps)
    {
        long boot = 1, seq = 0, epoch = 65_537, counter = 1_000_000, end = 1_764_403_200_000, trusted = counter;
        var readings = new List<AcceptedReading> { Readings.R(boot, seq, epoch, counter, end) };
        var glitched = false;
        (long Epoch, long Energy)? lineage = null;
        foreach (var (op, amount) in steps)
        {
            var glitch = op == 8 && !glitched;
            seq++;
            end += 10_000;
            if (op == 9)
            {
                // A clean reboot of an INA219 channel: a new epoch continues the old one from the saved counter.
                (boot, seq, lineage) = (boot + 1, 0, (epoch, counter));
                epoch = (boot * 65_536) + 1;
                end += amount % 300_000;
            }

            if (!glitch && op != 11)
            {
                counter += op == 9 ? amount % 1_000_000 : amount;
            }

            if (op == 7)
            {
                continue;   // lost on the way
            }

            if (op == 11)
            {
                readings.Add(readings[^1]);   // redelivered
                seq--;
                end -= 10_000;
                continue;
            }

            var value = glitch ? Math.Max(0, trusted - 1 - (amount % 2_000_000_000)) : counter;
            readings.Add(Readings.R(boot, seq, epoch, value, end, prevEpoch: lineage?.Epoch, prevEnergyMj: lineage?.Energy));
            if (!glitch)
            {
                trusted = counter;
                lineage = null;
            }

            glitched = glitch;
        }

        return (readings, 1_000_000, trusted);
    }
}
