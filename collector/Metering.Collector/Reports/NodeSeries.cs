namespace Metering.Collector.Reports;

/// <summary>One node's measured power over time, bucket by bucket, with the jobs' shares: what the charts draw.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Buckets">Its <c>node_energy</c> buckets, oldest first.</param>
public sealed record NodeSeries(string NodeId, IReadOnlyList<SeriesBucket> Buckets)
{
    /// <summary>The jobs with a share in any bucket, by id (ordinal).</summary>
    public IReadOnlyList<string> JobIds => [.. Buckets.SelectMany(b => b.JobMillijoules.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>One node bucket: what the meters measured and what each job was attributed.</summary>
/// <param name="StartMs">Bucket start, ms since the Unix epoch.</param>
/// <param name="WidthMs">Bucket width, ms.</param>
/// <param name="EnergyMillijoules">Measured (wall) energy, mJ.</param>
/// <param name="PowerMeanMilliwatts">Mean power over the bucket width as stored (<c>p_mean_mw</c>), mW.</param>
/// <param name="Coverage">Meter coverage of the bucket, 0..1.</param>
/// <param name="JobMillijoules">IT energy attributed to each job in the bucket, mJ (retractions left out).</param>
public sealed record SeriesBucket(long StartMs, long WidthMs, long EnergyMillijoules, long PowerMeanMilliwatts, double Coverage, IReadOnlyDictionary<string, long> JobMillijoules)
{
    /// <summary>Bucket end, ms since the Unix epoch.</summary>
    public long EndMs => StartMs + WidthMs;

    /// <summary>Mean measured power, W.</summary>
    public double Watts => PowerMeanMilliwatts / 1000.0;

    /// <summary>The job's mean power over the bucket width, W (mJ / ms = W); 0 when it had no share.</summary>
    public double JobWatts(string jobId) => JobMillijoules.TryGetValue(jobId, out var mj) && WidthMs > 0 ? (double)mj / WidthMs : 0;
}
