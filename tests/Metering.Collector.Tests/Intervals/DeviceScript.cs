using FsCheck;
using FsCheck.Fluent;
using Metering.Collector.Ingest;

namespace Metering.Collector.Tests.Intervals;

/// <summary>
/// A random life of one channel as the collector sees it: a device publishes windows with a monotonic counter,
/// reboots keeping the epoch (PZEM) or starting a new one (INA219) that continues the old one (lineage) or not,
/// sometimes with a firmware bug that lowers the counter, a glitch (one reading below, or absurdly above, the truth),
/// or a new device life; the network drops, duplicates and reorders messages.
/// </summary>
internal static class DeviceScript
{
    /// <summary>Steps: (op, amount). See <see cref="Play"/> for what each op does.</summary>
    public static readonly Gen<(int Op, int Amount)[]> Steps =
        Gen.Zip(Gen.Choose(0, 18), Gen.Choose(0, 5_000_000)).ArrayOf();

    public static Arbitrary<(int Op, int Amount)[]> Arbitrary => Steps.ToArbitrary();

    /// <summary>The readings in arrival order.</summary>
    public static List<AcceptedReading> Play((int Op, int Amount)[] steps)
    {
        long boot = 1, seq = 0, epoch = 65_536, counter = 0, end = 1_764_403_200_000, life = 0;
        long? prevEpoch = null, prevEnergy = null;
        var delivered = new List<AcceptedReading> { Readings.R(boot, seq, epoch, counter, end) };
        foreach (var (op, amount) in steps)
        {
            switch (op)
            {
                case <= 5: // the next window
                    Publish(ref seq, ref counter, ref end, amount, 10_000, delivered, boot, epoch, deliver: true, life);
                    break;
                case 6: // a window lost on the way
                    Publish(ref seq, ref counter, ref end, amount, 10_000, delivered, boot, epoch, deliver: false, life);
                    break;
                case 7: // a late window (a stalled loop)
                    Publish(ref seq, ref counter, ref end, amount, 10_000 + (amount % 40_000), delivered, boot, epoch, deliver: true, life);
                    break;
                case 8: // ESP32 reboot, PZEM keeps the epoch and counts through it
                    boot++;
                    seq = -1;
                    end += amount % 600_000;
                    Publish(ref seq, ref counter, ref end, amount, 10_000, delivered, boot, epoch, deliver: true, life);
                    break;
                case 9: // reboot with a new epoch (INA219): the counter restarts somewhere
                    boot++;
                    seq = -1;
                    epoch = (boot * 65_536) + 1;
                    counter = amount % 1000;
                    Publish(ref seq, ref counter, ref end, 0, 10_000, delivered, boot, epoch, deliver: true, life);
                    break;
                case 10: // the broker delivers the last message again
                    delivered.Add(delivered[^1]);
                    break;
                case 11: // the last two arrive swapped
                    if (delivered.Count >= 2)
                    {
                        (delivered[^1], delivered[^2]) = (delivered[^2], delivered[^1]);
                    }

                    break;
                case 12: // a firmware bug lowers the counter within the epoch
                    counter = Math.Max(0, counter - 1 - (amount % 100_000));
                    Publish(ref seq, ref counter, ref end, 0, 10_000, delivered, boot, epoch, deliver: true, life);
                    break;
                case 13: // a re-sent old message
                    delivered.Add(delivered[amount % delivered.Count]);
                    break;
                case 15: // reboot with a new epoch that continues the old one from a save at, above or below the last counter
                    boot++;
                    seq = 0;
                    prevEpoch = epoch;
                    epoch = (boot * 65_536) + 1;
                    prevEnergy = Math.Max(0, counter + (amount % 3 == 0 ? -(amount % 50_000) : amount % 20_000));
                    counter = prevEnergy.Value + (amount % 4_000_000);
                    end += 10_000 + (amount % 120_000);
                    delivered.Add(Readings.R(boot, seq, epoch, counter, end, life: life, prevEpoch: prevEpoch, prevEnergyMj: prevEnergy));
                    break;
                case 16: // a glitch: one reading below the truth
                    seq++;
                    end += 10_000;
                    delivered.Add(Readings.R(boot, seq, epoch, Math.Max(0, counter - 1 - (amount % 5_000_000)), end, life: life));
                    break;
                case 17: // a glitch: one reading absurdly above the truth
                    seq++;
                    end += 10_000;
                    delivered.Add(Readings.R(boot, seq, epoch, counter + 1_000_000_000_000 + amount, end, life: life));
                    break;
                case 18: // a new device life: a board swapped in, boots from 1, counters from 0
                    life++;
                    (boot, seq, epoch, counter) = (1, 0, 65_537, amount % 1_000);
                    end += 60_000;
                    delivered.Add(Readings.R(boot, seq, epoch, counter, end, life: life));
                    break;
                default: // an idle window
                    Publish(ref seq, ref counter, ref end, 0, 10_000, delivered, boot, epoch, deliver: true, life);
                    break;
            }
        }

        return delivered;
    }

    private static void Publish(ref long seq, ref long counter, ref long end, int energy, long elapsed, List<AcceptedReading> delivered, long boot, long epoch, bool deliver, long life)
    {
        seq++;
        counter += energy;
        end += elapsed;
        if (deliver)
        {
            delivered.Add(Readings.R(boot, seq, epoch, counter, end, life: life));
        }
    }
}
