namespace Metering.Collector.Jobs;

/// <summary>
/// An AI job as the collector accounts for it: who and what it was for (tags that reports roll up by), where it ran
/// (an allocation per node) and when. Times are ms since the Unix epoch (UTC); <see cref="EndMs"/> is null while running.
/// </summary>
public sealed record Job
{
    /// <summary>Unique id: the Slurm job id for Slurm jobs (e.g. "slurm:4711"), otherwise chosen by the API caller or `metering run`.</summary>
    public required string Id { get; init; }

    /// <summary>Where the job came from.</summary>
    public required JobSource Source { get; init; }

    /// <summary>Human name.</summary>
    public string? Name { get; init; }

    /// <summary>User who ran it.</summary>
    public string? User { get; init; }

    /// <summary>Project or account it is charged to.</summary>
    public string? Project { get; init; }

    /// <summary>Model trained or served (e.g. "llama-3-8b").</summary>
    public string? Model { get; init; }

    /// <summary>Purpose (training, fine-tuning, inference, evaluation, ...).</summary>
    public string? Purpose { get; init; }

    /// <summary>What it was given on each node.</summary>
    public required IReadOnlyList<JobAllocation> Allocations { get; init; }

    /// <summary>Start, ms since the Unix epoch.</summary>
    public required long StartMs { get; init; }

    /// <summary>End, ms since the Unix epoch; null while running.</summary>
    public long? EndMs { get; init; }

    /// <summary>Lifecycle state.</summary>
    public JobState State { get; init; } = JobState.Running;
}

/// <summary>A job's share of one node: GPU indices (as the scheduler numbers them) and CPU cores.</summary>
public sealed record JobAllocation(string NodeId, IReadOnlyList<int> GpuIndices, int CpuCores);

/// <summary>Where a job record came from.</summary>
public enum JobSource
{
    /// <summary>Slurm prolog/epilog hooks or the squeue reconciliation.</summary>
    Slurm,

    /// <summary>The HTTP API or `metering job start|end`.</summary>
    Api,

    /// <summary>`metering run -- command`.</summary>
    Run,
}

/// <summary>A job's lifecycle state.</summary>
public enum JobState
{
    /// <summary>Started, not ended.</summary>
    Running,

    /// <summary>Ended normally.</summary>
    Completed,

    /// <summary>Ended with a failure.</summary>
    Failed,

    /// <summary>Cancelled.</summary>
    Cancelled,

    /// <summary>Ended, outcome unknown (e.g. vanished from squeue while the collector was away).</summary>
    Ended,
}

/// <summary>
/// A software power estimate for a job on a node over a time range (from the API, the simulator, later a node agent
/// reading NVML/RAPL): attribution splits dynamic energy by these where they exist.
/// </summary>
public sealed record PowerEstimate(string JobId, string NodeId, long FromMs, long ToMs, double Watts);
