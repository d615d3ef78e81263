namespace Metering.Collector.Jobs.Slurm;

/// <summary>Slurm's base job states (squeue's <c>job_state</c>), grouped the way accounting needs them.</summary>
public static class SlurmJobStates
{
    // A job holds its nodes in these states. COMPLETING: the batch script ended, the Epilog still runs (it will
    // report the end itself; the reconciler waits for COMPLETED).
    private static readonly HashSet<string> Active = new(StringComparer.Ordinal)
    {
        "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "STOPPED", "RESIZING", "SIGNALING", "STAGE_OUT",
    };

    private static readonly Dictionary<string, JobState> Finished = new(StringComparer.Ordinal)
    {
        ["COMPLETED"] = JobState.Completed,
        ["CANCELLED"] = JobState.Cancelled,
        ["PREEMPTED"] = JobState.Cancelled,
        ["FAILED"] = JobState.Failed,
        ["TIMEOUT"] = JobState.Failed,
        ["NODE_FAIL"] = JobState.Failed,
        ["OUT_OF_MEMORY"] = JobState.Failed,
        ["BOOT_FAIL"] = JobState.Failed,
        ["DEADLINE"] = JobState.Failed,
    };

    /// <summary>True while the job holds its nodes (it ran and has not finished).</summary>
    public static bool IsActive(string state) => Active.Contains(state);

    /// <summary>True once the job is over (completed, failed, cancelled, ...); squeue then shows its real end time.</summary>
    public static bool IsFinished(string state) => Finished.ContainsKey(state);

    /// <summary>The collector's state: Running while active, the outcome once finished, else (pending) Running.</summary>
    public static JobState ToJobState(string state) => Finished.GetValueOrDefault(state, JobState.Running);
}
