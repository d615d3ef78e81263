using Metering.Collector.Attribution;
using Metering.Collector.Nodes;

namespace Metering.Collector.Bench;

/// <summary>What the stage wrote, checked against what it was fed.</summary>
public static partial class AttributionScenarios
{
    /// <summary>
    /// The store a scenario's stage writes to, as one that overwrites by key: the latest job record per (job, node,
    /// bucket) and the latest remainder per (node, bucket) of every update (first attributions, re-attributions and
    /// retractions), and the energy the buckets fed in.
    /// </summary>
    private sealed class Written
    {
        private readonly Dictionary<(string JobId, string NodeId, long BucketStartMs), JobIntervalEnergy> _records = [];
        private readonly Dictionary<(string NodeId, long BucketStartMs), NodeIntervalRemainder> _remainders = [];
        private long _fedMillijoules;

        /// <summary>Feeds <paramref name="energy"/> to <paramref name="stage"/> and keeps what it returns.</summary>
        public void Feed(AttributionStage stage, NodeEnergy energy)
        {
            _fedMillijoules += energy.EnergyMillijoules;
            Keep(stage.OnNodeEnergy(energy));
        }

        /// <summary>Keeps every remainder and record of <paramref name="update"/>, replacing earlier ones by key.</summary>
        public void Keep(AttributionUpdate update)
        {
            foreach (var r in update.Remainders)
            {
                _remainders[(r.NodeId, r.BucketStartMs)] = r;
            }

            foreach (var r in update.Records.Concat(update.Retractions))
            {
                _records[r.Key] = r;
            }
        }

        /// <summary>The cross-check, given the IT energy of every job's summary (<see cref="AttributionStage.Summary"/>).</summary>
        public CrossCheck Check(long summariesItMillijoules)
        {
            var recordsIt = _records.Values.Sum(r => r.ItMillijoules);
            var rest = _remainders.Values.Sum(r => r.IdleOverheadMillijoules + r.UnallocatedMillijoules);
            var jobBuckets = _remainders.Values.Where(r => r.Jobs > 0).ToList();
            return new(
                _fedMillijoules - (recordsIt + rest),
                summariesItMillijoules - recordsIt,
                jobBuckets.Count,
                jobBuckets.Count(r => r.BaselineSource == IdleBaselineSource.Learned));
        }
    }
}

/// <summary>
/// What a scenario's stage output says against its input (all from the latest record per key, as a store keeps them).
/// </summary>
/// <param name="InMinusOutMillijoules">Energy fed in (the buckets' measured energy) - (job records' IT + remainders' idle overhead + unallocated), mJ: 0.</param>
/// <param name="SummariesMinusRecordsMillijoules">Sum over jobs of their summary's IT energy - sum of the job records' IT energy, mJ: 0.</param>
/// <param name="JobBuckets">Node buckets whose latest remainder holds a job.</param>
/// <param name="JobBucketsOnLearnedIdle">Of those, the buckets attributed on a learned idle baseline.</param>
public sealed record CrossCheck(long InMinusOutMillijoules, long SummariesMinusRecordsMillijoules, long JobBuckets, long JobBucketsOnLearnedIdle)
{
    /// <summary>True when both differences are 0.</summary>
    public bool Holds => InMinusOutMillijoules == 0 && SummariesMinusRecordsMillijoules == 0;
}
