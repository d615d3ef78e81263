namespace Metering.Collector.Attribution;

/// <summary>The attribution of one node bucket: the remainder record and one record per job that ran in it.</summary>
/// <param name="Remainder">Measured, idle, overhead, unallocated.</param>
/// <param name="Jobs">One record per job with time in the bucket, by job id (ordinal).</param>
public sealed record BucketAttribution(NodeIntervalRemainder Remainder, IReadOnlyList<JobIntervalEnergy> Jobs)
{
    /// <summary>Value equality, job records in order.</summary>
    public bool Equals(BucketAttribution? other) =>
        other is not null && Remainder == other.Remainder && Jobs.SequenceEqual(other.Jobs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Remainder, Jobs.Count);
}
