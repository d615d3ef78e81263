using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Ingest;
using Metering.Collector.Intervals;
using Metering.Firmware.Core.Tests.Runtime;

namespace Metering.Collector.Tests.Ingest;

/// <summary>
/// The collector's ingest and interval stages add, per channel, exactly what the firmware's reference model of the
/// contract's lineage rule adds (<c>BridgingLedger</c>, the model the firmware's telemetry is checked against in
/// <c>EpochBridgeTests</c>): over random device histories of windows, lost windows, redeliveries, clean and unclean
/// reboots, INA219 silences, reboots before a new epoch was acknowledged, and new incarnations.
/// </summary>
public sealed class BridgingLedgerAgreementTests
{
    private const string Device = "rack12-node07-a";

    [Property(MaxTest = 300)]
    public Property The_collector_and_the_firmwares_reference_model_add_the_same_energy_per_channel() =>
        Prop.ForAll(Gen.Zip(Gen.Choose(0, 13), Gen.Choose(0, 20_000_000)).ArrayOf().ToArbitrary(), steps =>
        {
            var messages = new DeviceHistory().Play(steps);
            var model = new BridgingLedger().Add(messages);

            var ingestor = new TelemetryIngestor(new TimePlacement { MaxBacklogMs = long.MaxValue / 4 });
            var engine = new IntervalEngine();
            var stored = new Dictionary<int, long> { [0] = 0, [1] = 0 };
            var newEpochGaps = 0;
            foreach (var m in messages)
            {
                var outcome = ingestor.Ingest(Topics.For(Device, MessageKind.Telemetry), TelemetryCodec.Encode(m), m.WindowEndMs + 100);
                foreach (var step in outcome.Readings.Select(engine.Process))
                {
                    stored[step.State.ChannelId] += step.Interval?.EnergyMillijoules ?? 0;
                    newEpochGaps += step.Gap?.Reason == GapReason.NewEpoch ? 1 : 0;
                    Assert.Empty(step.Quarantined);
                }
            }

            return (stored[0] == model.EnergyMillijoules.GetValueOrDefault(0) && stored[1] == model.EnergyMillijoules.GetValueOrDefault(1) && newEpochGaps == model.Gaps)
                .Label($"collector {stored[0]}/{stored[1]} mJ, {newEpochGaps} gaps; model {model.EnergyMillijoules.GetValueOrDefault(0)}/{model.EnergyMillijoules.GetValueOrDefault(1)} mJ, {model.Gaps} gaps");
        });

    /// <summary>A device with a PZEM-004T on channel 0 (its epoch survives reboots) and an INA219 on channel 1.</summary>
    private sealed class DeviceHistory
    {
        private readonly List<TelemetryMessage> _delivered = [];
        private long _incarnation = 1_000_001, _boot = 1, _seq = -1, _end = 1_764_403_200_000;
        private long _pzemEpoch = 65_537, _pzem, _inaEpoch = 65_538, _ina;
        private long _deliveredInaEpoch = -1, _nextEpoch = 3;
        private (long Epoch, long Energy)? _lineage;

        public List<TelemetryMessage> Play((int Op, int Amount)[] steps)
        {
            foreach (var (op, amount) in steps)
            {
                switch (op)
                {
                    case <= 5: Window(amount, deliver: true); break;
                    case 6: Window(amount, deliver: false); break;
                    case 7: if (_delivered.Count > 0) _delivered.Add(_delivered[^1]); break;
                    case 8: Reboot(amount, savedBehindMj: 0); break;          // clean: everything counted was saved
                    case 9: Reboot(amount, savedBehindMj: amount % 3_000_000); break;  // power cut: resumes from an older save
                    case 10: NewInaEpoch(); Window(amount, deliver: true); break;  // a long INA219 silence
                    case 11: // flash erased or board swapped: a new incarnation, boots from 1, epochs and counters from 0
                        (_incarnation, _boot, _seq, _pzem, _ina, _lineage, _deliveredInaEpoch) = (_incarnation + 1 + (amount % 7), 1, -1, 0, 0, null, -1);
                        (_pzemEpoch, _inaEpoch, _nextEpoch) = (65_537, 65_538, 3);
                        _end += 60_000;
                        Window(amount, deliver: true);
                        break;
                    default: Window(0, deliver: true); break;
                }
            }

            return _delivered;
        }

        private void Reboot(int amount, long savedBehindMj)
        {
            _boot++;
            _seq = -1;
            _nextEpoch = 1;
            _end += 5_000 + (amount % 300_000);
            _pzem += amount % 7_200_000;  // the PZEM kept counting while the ESP32 was down
            _ina = Math.Max(0, _ina - savedBehindMj);
            NewInaEpoch();
            Window(amount, deliver: true);
        }

        private void NewInaEpoch()
        {
            // A new epoch continues the epoch the collector holds: the current one if any of its readings was
            // delivered, else the one the current epoch continued (a reboot before the lineage was acknowledged).
            var continues = _deliveredInaEpoch == _inaEpoch || _lineage is null ? (_inaEpoch, _ina) : (_lineage.Value.Epoch, _ina);
            _inaEpoch = (_boot * 65_536) + _nextEpoch++;
            _lineage = continues;
        }

        private void Window(int amount, bool deliver)
        {
            _seq++;
            var start = _end;
            _end += 10_000;
            var (pzemMj, inaMj) = (amount % 20_000_000, amount % 5_000_000);
            _pzem += pzemMj;
            _ina += inaMj;
            if (!deliver)
            {
                return;
            }

            var ina = Reading(1, SensorKind.Ina219, _inaEpoch, _ina, inaMj);
            if (_lineage is { } l)
            {
                (ina.PreviousEpoch, ina.PreviousEnergyMillijoules) = (l.Epoch, Math.Min(l.Energy, _ina));
            }

            _delivered.Add(new TelemetryMessage
            {
                DeviceId = Device, Incarnation = _incarnation, Boot = _boot, Sequence = _seq, WindowStartMs = start, WindowEndMs = _end, ClockSynced = true,
                Channels = [Reading(0, SensorKind.Pzem004t, _pzemEpoch, _pzem, pzemMj), ina],
            });
            if (_deliveredInaEpoch != _inaEpoch)
            {
                _deliveredInaEpoch = _inaEpoch;
            }
            else
            {
                _lineage = null;  // a reading of the epoch was delivered (and acknowledged) before: lineage no longer sent
            }
        }

        private static ChannelReading Reading(int channel, SensorKind kind, long epoch, long energy, long windowMj)
        {
            var p = (int)Math.Min(100_000_000, (windowMj / 10) + 1_000);
            return new ChannelReading
            {
                ChannelId = channel, Kind = kind, Epoch = epoch, EnergyMillijoules = energy, SampleCount = 10, ErrorCount = 0,
                PowerMeanMilliwatts = p, PowerMinMilliwatts = p, PowerMaxMilliwatts = p, VoltageMeanMillivolts = 12_000, CurrentMeanMilliamps = 1_000,
            };
        }
    }
}
