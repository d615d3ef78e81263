namespace Metering.Collector.Jobs;

/// <summary>
/// Who may say how a job ended, and how far each is believed. A node or a user reports what it saw (the Slurm
/// Epilog cannot tell a cancelled or timed-out job from a completed one); the scheduler's own record (squeue while it
/// remembers the job, sacct afterwards) is what Slurm really did; a job that merely vanished is the weakest guess.
/// A later report refines an earlier one only when it ranks higher (<see cref="Rank"/>); among equals the first wins.
/// </summary>
public static class JobEndSources
{
    /// <summary>The reconciler read the end from <c>squeue --json</c>.</summary>
    public const string Squeue = "squeue";

    /// <summary>The reconciler read the end from <c>sacct --json</c> (the accounting database).</summary>
    public const string Sacct = "sacct";

    /// <summary>The reconciler noticed the job was gone and knows nothing more.</summary>
    public const string Reconciler = "reconciler";

    /// <summary>The admin token of the HTTP API (a person, a script, <c>metering run</c>).</summary>
    public const string Admin = "admin";

    /// <summary>Rank of a vanished job's guess.</summary>
    public const int Guess = 0;

    /// <summary>Rank of what a node or a user reported (the Slurm Epilog, <c>metering job end</c>).</summary>
    public const int Observed = 1;

    /// <summary>Rank of the scheduler's own record.</summary>
    public const int Scheduler = 2;

    /// <summary>The reporter of a node token: "node gpu-a07".</summary>
    public static string Node(string nodeId) => "node " + nodeId;

    /// <summary>How far <paramref name="by"/> is believed: <see cref="Scheduler"/>, <see cref="Observed"/> or <see cref="Guess"/>.</summary>
    public static int Rank(string by) => by switch
    {
        Squeue or Sacct => Scheduler,
        Reconciler => Guess,
        _ => Observed,
    };

    /// <summary>True once the scheduler's own record has decided the job's outcome: nothing refines it any more.</summary>
    public static bool IsSettled(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.EndReports.Any(r => Rank(r.By) == Scheduler);
    }
}
