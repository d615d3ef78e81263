namespace Metering.Collector.Attribution;

/// <summary>Who carries a node's idle energy.</summary>
public enum IdlePolicy
{
    /// <summary>
    /// Each job carries idle in proportion to its share of the node's allocatable resources (reference watts) times
    /// its time in the bucket; the rest is <c>unallocated</c>.
    /// </summary>
    Shared,

    /// <summary>Idle stays with the node as overhead; jobs carry only dynamic energy.</summary>
    Overhead,
}
