namespace Metering.Collector.Attribution;

/// <summary>
/// What to write after an attribution or re-attribution: overwrite by key every remainder and record, and write the
/// retractions too (zero-valued records for jobs that no longer overlap a bucket), so the store matches the ledger.
/// </summary>
/// <param name="Remainders">Node buckets attributed or changed, keyed by (node, bucket start).</param>
/// <param name="Records">Job records of those buckets, keyed by (job, node, bucket start).</param>
/// <param name="Retractions">Zero records for keys whose job left a bucket (<see cref="JobIntervalEnergy.IsRetraction"/>).</param>
/// <param name="TooLate">Buckets attributed after their retention (already sealed into summaries): written, not re-summarized.</param>
public sealed record AttributionUpdate(
    IReadOnlyList<NodeIntervalRemainder> Remainders,
    IReadOnlyList<JobIntervalEnergy> Records,
    IReadOnlyList<JobIntervalEnergy> Retractions,
    int TooLate)
{
    /// <summary>Nothing changed.</summary>
    public static AttributionUpdate Empty { get; } = new([], [], [], 0);

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => Remainders.Count == 0 && Records.Count == 0 && Retractions.Count == 0;

    /// <summary>Several updates as one, in order.</summary>
    public static AttributionUpdate Concat(IEnumerable<AttributionUpdate> updates)
    {
        var list = updates.ToList();
        return list.Count == 1 ? list[0] : new(
            [.. list.SelectMany(u => u.Remainders)],
            [.. list.SelectMany(u => u.Records)],
            [.. list.SelectMany(u => u.Retractions)],
            list.Sum(u => u.TooLate));
    }

    /// <summary>Value equality, lists in order.</summary>
    public bool Equals(AttributionUpdate? other) =>
        other is not null && TooLate == other.TooLate && Remainders.SequenceEqual(other.Remainders)
        && Records.SequenceEqual(other.Records) && Retractions.SequenceEqual(other.Retractions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Remainders.Count, Records.Count, Retractions.Count, TooLate);
}
