using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Demo;

/// <summary>
/// Plays the anchored schedule into the collector's job store as job sources and node agents would, on the simulated
/// clock: a job's start once the clock has reached it (like a prolog), its end once reached (like an epilog), and each
/// one-second estimate once the second it covers is over (an agent reading NVML: <see cref="DemoScenario.Estimates"/>).
/// Single caller.
/// </summary>
internal sealed class DemoJobFeed
{
    private readonly DemoScenario _scenario;
    private readonly JobStore _store;
    private readonly IReadOnlyList<PowerEstimate> _estimates;
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private int _nextEstimate;

    /// <summary>A feed of <paramref name="scenario"/> (anchored) into <paramref name="store"/>.</summary>
    public DemoJobFeed(DemoScenario scenario, JobStore store)
    {
        _scenario = scenario;
        _store = store;
        _estimates = scenario.Estimates();
    }

    /// <summary>Jobs started and not ended.</summary>
    public int Running => _started.Count - _ended.Count;

    /// <summary>Jobs ended.</summary>
    public int Done => _ended.Count;

    /// <summary>Jobs in the schedule.</summary>
    public int Total => _scenario.Plans.Count;

    /// <summary>Estimates handed to the store.</summary>
    public int EstimatesSent => _nextEstimate;

    /// <summary>Reports everything due at <paramref name="nowMs"/> (simulated UTC): starts, then estimates, then ends.</summary>
    public void Advance(long nowMs)
    {
        foreach (var plan in _scenario.Plans)
        {
            var job = _scenario.StartedJob(plan);
            if (job.StartMs <= nowMs && _started.Add(job.Id))
            {
                _store.Start(job);
            }
        }

        for (; _nextEstimate < _estimates.Count && _estimates[_nextEstimate].ToMs <= nowMs; _nextEstimate++)
        {
            _store.AddEstimate(_estimates[_nextEstimate]);
        }

        foreach (var plan in _scenario.Plans)
        {
            var (id, end) = (_scenario.JobId(plan), _scenario.EndMs(plan));
            if (end <= nowMs && _started.Contains(id) && _ended.Add(id))
            {
                _store.End(new JobEnd(id, end, JobState.Completed, Approximate: false));
            }
        }
    }
}
