namespace Metering.Firmware.Host.Virtual;

/// <summary>
/// Faults a test can inject, each for the next requests addressed to this meter (counted down as they happen) or at
/// a seeded rate. Deterministic: no wall clock, no unseeded random numbers. Besides these: <see cref="Powered"/> and
/// <see cref="ResetEnergySpontaneously"/>.
/// </summary>
public sealed partial class VirtualPzem
{
    private int _repliesToDrop;
    private double _noReplyRate;
    private Random? _noReplyRandom;
    private int _slaveErrorsPending;
    private int _crcCorruptionsPending;
    private int _truncationsPending;
    private int _truncatedLength;
    private int _lateRepliesPending;

    /// <summary>The next <paramref name="count"/> requests get no reply at all.</summary>
    public void DropReplies(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock) { _repliesToDrop = count; }
    }

    /// <summary>From now on each request goes unanswered with probability <paramref name="rate"/>, drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public void SetNoReplyRate(double rate, int seed)
    {
        if (!(rate >= 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "must be in [0, 1]");
        }

        lock (_lock)
        {
            _noReplyRate = rate;
            _noReplyRandom = rate > 0 ? new Random(seed) : null;
        }
    }

    /// <summary>The next <paramref name="count"/> replies carry a wrong CRC (its high byte inverted).</summary>
    public void CorruptCrc(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock) { _crcCorruptionsPending = count; }
    }

    /// <summary>The next <paramref name="count"/> replies stop after <paramref name="keepBytes"/> bytes (1 or more).</summary>
    public void TruncateReplies(int count, int keepBytes = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(keepBytes, 1);
        lock (_lock)
        {
            _truncationsPending = count;
            _truncatedLength = keepBytes;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> replies come late: each lands on the line only after the master's read has
    /// timed out (see <see cref="VirtualPzemBus.Read"/>), where the master must not take it for its next request's reply.
    /// </summary>
    public void DelayReplies(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock) { _lateRepliesPending = count; }
    }

    /// <summary>The next <paramref name="count"/> requests are answered with error reply code 4 (slave error).</summary>
    public void FailWithSlaveError(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock) { _slaveErrorsPending = count; }
    }

    /// <summary>Ends every injected fault (not <see cref="Powered"/>).</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _repliesToDrop = 0;
            _noReplyRate = 0;
            _noReplyRandom = null;
            _slaveErrorsPending = 0;
            _crcCorruptionsPending = 0;
            _truncationsPending = 0;
            _lateRepliesPending = 0;
        }
    }

    private bool SwallowRequest()
    {
        if (_repliesToDrop > 0)
        {
            _repliesToDrop--;
            return true;
        }

        return _noReplyRandom is not null && _noReplyRandom.NextDouble() < _noReplyRate;
    }

    private int ApplyReplyFaults(byte[] reply, int length, out bool late)
    {
        if (_crcCorruptionsPending > 0)
        {
            _crcCorruptionsPending--;
            reply[length - 1] ^= 0xFF;
        }

        if (_truncationsPending > 0)
        {
            _truncationsPending--;
            length = Math.Min(length, _truncatedLength);
        }

        late = _lateRepliesPending > 0;
        if (late)
        {
            _lateRepliesPending--;
        }

        return length;
    }
}
