namespace Metering.Collector.Attribution;

/// <summary>The idle power used for one node bucket and where it came from.</summary>
/// <param name="Milliwatts">Idle power, mW; null when not known yet (then idle is 0 and every millijoule is dynamic).</param>
/// <param name="Source">Configured, learned, or not learned yet.</param>
public readonly record struct IdleBaseline(long? Milliwatts, IdleBaselineSource Source)
{
    /// <summary>No baseline yet: idle 0, all dynamic, flagged <see cref="AttributionFlags.IdleNotLearned"/>.</summary>
    public static IdleBaseline NotLearned => new(null, IdleBaselineSource.NotLearned);

    /// <summary>A configured baseline (the inventory's <c>idle_w</c>).</summary>
    public static IdleBaseline Configured(long milliwatts) => new(Checked(milliwatts), IdleBaselineSource.Configured);

    /// <summary>A learned baseline.</summary>
    public static IdleBaseline Learned(long milliwatts) => new(Checked(milliwatts), IdleBaselineSource.Learned);

    private static long Checked(long milliwatts) =>
        milliwatts >= 0 ? milliwatts : throw new ArgumentOutOfRangeException(nameof(milliwatts), milliwatts, "must not be negative");
}

/// <summary>Where an idle baseline came from.</summary>
public enum IdleBaselineSource
{
    /// <summary>The node's configured <c>idle_w</c>.</summary>
    Configured,

    /// <summary>A low percentile of the node's measured power while no job ran.</summary>
    Learned,

    /// <summary>Not configured and too few idle buckets seen: idle 0, all dynamic.</summary>
    NotLearned,
}

/// <summary>Which baseline attribution uses for a node.</summary>
public enum IdleBaselineMode
{
    /// <summary>The node's configured <c>idle_w</c> when it has one, else the learned baseline.</summary>
    ConfiguredElseLearned,

    /// <summary>Always the learned baseline, ignoring <c>idle_w</c>.</summary>
    LearnedOnly,
}
