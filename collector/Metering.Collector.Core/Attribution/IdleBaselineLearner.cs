namespace Metering.Collector.Attribution;

/// <summary>
/// Learns one node's idle baseline: the power of the newest <see cref="IdleLearningOptions.WindowSamples"/> buckets
/// in which no job ran, and their <see cref="IdleLearningOptions.Percentile"/> (nearest rank). Keyed by bucket start,
/// so a re-emitted bucket replaces its sample and a bucket that turns out to have had a job can be forgotten.
/// Deterministic; memory bounded by the window. Not thread-safe: one caller per node.
/// </summary>
public sealed class IdleBaselineLearner
{
    private readonly List<long> _starts = [];   // bucket starts, ascending
    private readonly List<long> _powers = [];   // power of the bucket at the same index, mW
    private readonly List<long> _sorted = [];   // the same powers, ascending

    /// <summary>An empty learner, or one restored from <paramref name="state"/> (the newest samples up to the window).</summary>
    public IdleBaselineLearner(IdleLearningOptions options, IdleBaselineState? state = null)
    {
        Options = options.Validate();
        foreach (var s in state?.Samples ?? [])
        {
            Observe(s.BucketStartMs, s.PowerMilliwatts);
        }
    }

    /// <summary>The learning settings.</summary>
    public IdleLearningOptions Options { get; }

    /// <summary>Idle samples held.</summary>
    public int Count => _starts.Count;

    /// <summary>The learned baseline, mW, once <see cref="IdleLearningOptions.MinSamples"/> samples are held; else null.</summary>
    public long? BaselineMilliwatts
    {
        get
        {
            if (_sorted.Count < Options.MinSamples)
            {
                return null;
            }

            // Nearest rank: the smallest sample with at least p % of the samples at or below it.
            var rank = (int)Math.Ceiling(Options.Percentile / 100.0 * _sorted.Count);
            return _sorted[Math.Clamp(rank, 1, _sorted.Count) - 1];
        }
    }

    /// <summary>
    /// Records the mean power of an idle bucket. Replaces the sample of the same bucket; when the window is full, the
    /// oldest sample goes, and a bucket older than every held one is not taken (returns false).
    /// </summary>
    public bool Observe(long bucketStartMs, long powerMilliwatts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(powerMilliwatts);
        var i = _starts.BinarySearch(bucketStartMs);
        if (i >= 0)
        {
            RemoveSorted(_powers[i]);
            _powers[i] = powerMilliwatts;
            InsertSorted(powerMilliwatts);
            return true;
        }

        if (_starts.Count >= Options.WindowSamples && ~i == 0)
        {
            return false;
        }

        _starts.Insert(~i, bucketStartMs);
        _powers.Insert(~i, powerMilliwatts);
        InsertSorted(powerMilliwatts);
        if (_starts.Count > Options.WindowSamples)
        {
            RemoveSorted(_powers[0]);
            _starts.RemoveAt(0);
            _powers.RemoveAt(0);
        }

        return true;
    }

    /// <summary>Drops the sample of a bucket (it turned out to have a job); returns whether there was one.</summary>
    public bool Forget(long bucketStartMs)
    {
        var i = _starts.BinarySearch(bucketStartMs);
        if (i < 0)
        {
            return false;
        }

        RemoveSorted(_powers[i]);
        _starts.RemoveAt(i);
        _powers.RemoveAt(i);
        return true;
    }

    /// <summary>The samples, by bucket start, for persistence; <c>new IdleBaselineLearner(options, state)</c> restores them.</summary>
    public IdleBaselineState Export(string nodeId) =>
        new(nodeId, [.. _starts.Select((s, i) => new IdleSample(s, _powers[i]))]);

    private void InsertSorted(long value)
    {
        var i = _sorted.BinarySearch(value);
        _sorted.Insert(i >= 0 ? i : ~i, value);
    }

    private void RemoveSorted(long value) => _sorted.RemoveAt(_sorted.BinarySearch(value));
}

/// <summary>A node's learned idle samples, as plain records System.Text.Json round-trips.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Samples">Idle buckets by start.</param>
public sealed record IdleBaselineState(string NodeId, IReadOnlyList<IdleSample> Samples);

/// <summary>The mean power of one bucket in which no job ran.</summary>
/// <param name="BucketStartMs">Bucket start, ms since the Unix epoch.</param>
/// <param name="PowerMilliwatts">Measured energy / bucket width, mW.</param>
public sealed record IdleSample(long BucketStartMs, long PowerMilliwatts);
