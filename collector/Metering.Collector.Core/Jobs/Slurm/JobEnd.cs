namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// The end of a job: from the Epilog (<c>metering job end</c>), a user, or the reconciler (squeue, sacct).
/// </summary>
/// <param name="Id">The job's id, e.g. "slurm:4711".</param>
/// <param name="EndMs">End, ms since the Unix epoch (UTC).</param>
/// <param name="State">How it ended; never <see cref="JobState.Running"/>.</param>
/// <param name="Approximate">
/// True when the end time is when the collector noticed the job was gone, not when it ended (the job had left
/// squeue's memory, MinJobAge, while the collector was away): kept on the job (<see cref="Job.EndApproximate"/>).
/// </param>
/// <param name="By">Who reports it (<see cref="JobEndSources"/>): how far it is believed.</param>
/// <param name="ExitCode">Exit status of the job's script, when the reporter knows it.</param>
/// <param name="ExitSignal">Signal that ended the script (0: none), when the reporter knows it.</param>
public sealed record JobEnd(string Id, long EndMs, JobState State, bool Approximate, string By = JobEndSources.Admin, int? ExitCode = null, int? ExitSignal = null)
{
    /// <summary>The report as the job keeps it in <see cref="Job.EndReports"/>.</summary>
    public JobEndReport ToReport() => new(By, State, EndMs, Approximate, ExitCode, ExitSignal);
}
