namespace Metering.Firmware.Core.Tests.Runtime;

/// <summary>
/// What a collector does with the contract's epoch lineage (shared/Metering.Protocol/README.md, "Bridging epochs"), as
/// a model the firmware's output is checked against: per channel, the energy between consecutive readings of one
/// epoch is their difference; a reading of a new epoch whose <c>prev_epoch</c> is the epoch of the last reading adds
/// <c>energy_mj - min(last counter, prev_energy_mj)</c>; any other change of epoch is an unmetered gap. Readings of an
/// incarnation other than the last one start a new device life (a new baseline). Duplicates by (incarnation, boot, seq).
/// </summary>
internal sealed class BridgingLedger
{
    private readonly Dictionary<int, (long Epoch, long Counter)> _last = [];
    private readonly HashSet<(long Incarnation, long Boot, long Sequence)> _seen = [];
    private long _incarnation = TelemetryMessage.Absent;

    public Dictionary<int, long> EnergyMillijoules { get; } = [];

    public Dictionary<int, long> BridgedMillijoules { get; } = [];

    public int Gaps { get; private set; }

    public int Lives { get; private set; }

    public BridgingLedger Add(IEnumerable<TelemetryMessage> messages)
    {
        foreach (var m in messages)
        {
            if (!_seen.Add((m.Incarnation, m.Boot, m.Sequence)))
            {
                continue;
            }

            if (m.Incarnation != _incarnation)
            {
                _incarnation = m.Incarnation;
                _last.Clear();
                Lives++;
            }

            foreach (var c in m.Channels)
            {
                Add(c);
            }
        }

        return this;
    }

    private void Add(ChannelReading c)
    {
        if (!_last.TryGetValue(c.ChannelId, out var last))
        {
            EnergyMillijoules.TryAdd(c.ChannelId, 0);
        }
        else if (c.Epoch == last.Epoch)
        {
            EnergyMillijoules[c.ChannelId] += c.EnergyMillijoules - last.Counter;
        }
        else if (c.PreviousEpoch == last.Epoch)
        {
            var bridged = c.EnergyMillijoules - Math.Min(last.Counter, c.PreviousEnergyMillijoules);
            EnergyMillijoules[c.ChannelId] += bridged;
            BridgedMillijoules[c.ChannelId] = BridgedMillijoules.GetValueOrDefault(c.ChannelId) + bridged;
        }
        else
        {
            Gaps++;
        }

        _last[c.ChannelId] = (c.Epoch, c.EnergyMillijoules);
    }
}
