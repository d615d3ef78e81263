using Metering.Collector.Ingest;

namespace Metering.Collector.Intervals;

/// <summary>
/// The interval stage for every channel a collector sees: one <see cref="ChannelState"/> per (device, channel),
/// advanced by <see cref="ChannelIntervalRules.Step"/>. Not thread-safe: feed each channel's readings in arrival
/// order from one thread (ARCHITECTURE.md, "Scale": a device stays on one collector).
/// </summary>
public sealed class IntervalEngine
{
    private readonly Dictionary<ChannelKey, ChannelState> _states = [];

    /// <summary>Starts from saved states (from <see cref="Export"/>), or from nothing.</summary>
    /// <exception cref="ArgumentException">Two states name the same channel.</exception>
    public IntervalEngine(IEnumerable<ChannelState>? states = null, IntervalOptions? options = null)
    {
        Options = (options ?? IntervalOptions.Default).Validate();
        foreach (var state in states ?? [])
        {
            ArgumentNullException.ThrowIfNull(state);
            if (!_states.TryAdd(state.Channel, state))
            {
                throw new ArgumentException($"two saved states for channel {state.Channel}", nameof(states));
            }
        }
    }

    /// <summary>The rules' settings.</summary>
    public IntervalOptions Options { get; }

    /// <summary>Channels with state.</summary>
    public int ChannelCount => _states.Count;

    /// <summary>Applies one reading to its channel and returns what happened.</summary>
    public IntervalStep Process(AcceptedReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var key = new ChannelKey(reading.DeviceId, reading.ChannelId);
        _states.TryGetValue(key, out var state);
        var step = ChannelIntervalRules.Step(state, reading, Options);
        _states[key] = step.State;
        return step;
    }

    /// <summary>The state of one channel, or null when it was never seen.</summary>
    public ChannelState? State(ChannelKey channel) => _states.GetValueOrDefault(channel);

    /// <summary>Every channel's state, ordered by device id (ordinal) then channel id: what the collector persists.</summary>
    public IReadOnlyList<ChannelState> Export()
    {
        var all = _states.Values.ToList();
        all.Sort((a, b) => a.Channel.CompareTo(b.Channel));
        return all;
    }
}
