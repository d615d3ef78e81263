namespace Metering.Collector.Jobs.Slurm;

/// <summary>Slurm's base job states (squeue's <c>job_state</c>, sacct's <c>state.current</c>), grouped the way accounting needs them.</summary>
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
        ["PREEMPTED"] = JobState.Preempted,
        ["FAILED"] = JobState.Failed,
        ["TIMEOUT"] = JobState.Timeout,
        ["DEADLINE"] = JobState.Timeout,
        ["NODE_FAIL"] = JobState.NodeFail,
        ["BOOT_FAIL"] = JobState.NodeFail,
        ["OUT_OF_MEMORY"] = JobState.OutOfMemory,

        // sacct's record of a run that was requeued (squeue never shows it: it lists the job's next run).
        ["REQUEUED"] = JobState.Requeued,
    };

    /// <summary>True while the job holds its nodes (it ran and has not finished).</summary>
    public static bool IsActive(string state) => Active.Contains(state);

    /// <summary>True once the job is over (completed, failed, cancelled, ...); squeue then shows its real end time.</summary>
    public static bool IsFinished(string state) => Finished.ContainsKey(state);

    /// <summary>The collector's state: Running while active, the outcome once finished, else (pending) Running.</summary>
    public static JobState ToJobState(string state) => Finished.GetValueOrDefault(state, JobState.Running);

    /// <summary>
    /// An exit status as Slurm stores it (a wait(2) status, squeue's and sacct's <c>exit_code</c>: 768 is exit 3,
    /// 15 is signal 15) split into the script's exit code and the signal that ended it.
    /// </summary>
    public static (int ExitCode, int Signal) SplitWaitStatus(long status) => ((int)((status >> 8) & 0xff), (int)(status & 0x7f));
}
