namespace Metering.Collector.Jobs;

/// <summary>
/// Where attribution reads jobs and estimates from (the job store implements it). Answers must reflect every job
/// event received so far, including the one passed to <see cref="AttributionStage.OnJobChanged"/>.
/// </summary>
public interface IJobContext
{
    /// <summary>Jobs with an allocation on <paramref name="nodeId"/> whose [start, end) overlaps [from, to); running jobs have no end. A superset is fine.</summary>
    IReadOnlyList<Job> JobsOn(string nodeId, long fromMs, long toMs);

    /// <summary>Power estimates for jobs on <paramref name="nodeId"/> overlapping [from, to). A superset is fine.</summary>
    IReadOnlyList<PowerEstimate> EstimatesOn(string nodeId, long fromMs, long toMs);
}
