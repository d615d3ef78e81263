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

    /// <summary>Exit status of the job's script (0..255) as its scheduler reported it; null when unknown or running.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Signal that ended the job's script (e.g. 9, 15); null when unknown, 0 when none.</summary>
    public int? ExitSignal { get; init; }

    /// <summary>
    /// True when <see cref="EndMs"/> is when the collector noticed the job was gone, not when it ended (Slurm had
    /// forgotten it, MinJobAge): its energy runs past its real end.
    /// </summary>
    public bool EndApproximate { get; init; }

    /// <summary>
    /// Who reported the end, and what each said, oldest first (<see cref="JobEndReport"/>): the outcome stored is the
    /// one of the most authoritative report (<see cref="JobEndSources"/>). Empty while running.
    /// </summary>
    public IReadOnlyList<JobEndReport> EndReports { get; init; } = [];

    /// <summary>A Slurm array task's array job id (the <c>3</c> of <c>3_0</c>); null for anything else.</summary>
    public long? ArrayJobId { get; init; }

    /// <summary>A Slurm array task's index (the <c>0</c> of <c>3_0</c>); null for anything else.</summary>
    public int? ArrayTaskId { get; init; }
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

    /// <summary>Killed at its time limit (Slurm TIMEOUT, DEADLINE).</summary>
    Timeout,

    /// <summary>Ended because a node it ran on failed (Slurm NODE_FAIL, BOOT_FAIL).</summary>
    NodeFail,

    /// <summary>Preempted by another job (Slurm PREEMPTED).</summary>
    Preempted,

    /// <summary>Killed for using more memory than allocated (Slurm OUT_OF_MEMORY).</summary>
    OutOfMemory,

    /// <summary>This run was ended and the job queued to run again (Slurm requeue); the next run is its own record.</summary>
    Requeued,
}

/// <summary>
/// A software power estimate for a job on a node over a time range (from the API, the simulator, later a node agent
/// reading NVML/RAPL): attribution splits dynamic energy by these where they exist.
/// </summary>
public sealed record PowerEstimate(string JobId, string NodeId, long FromMs, long ToMs, double Watts);
