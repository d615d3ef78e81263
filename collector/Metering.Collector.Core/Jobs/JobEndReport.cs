namespace Metering.Collector.Jobs;

/// <summary>
/// One report of a job's end, as kept in <see cref="Job.EndReports"/>: who said it and what they said.
/// </summary>
/// <param name="By">
/// Who: <see cref="JobEndSources.Squeue"/>, <see cref="JobEndSources.Sacct"/>, <see cref="JobEndSources.Reconciler"/>,
/// or the HTTP API caller (<c>admin</c>, <c>node gpu-a07</c>: the token, never a name the caller chose).
/// </param>
/// <param name="State">The outcome it reported.</param>
/// <param name="EndMs">The end it reported, ms since the Unix epoch.</param>
/// <param name="Approximate">True when the end is when the reporter noticed, not when the job ended.</param>
/// <param name="ExitCode">Exit status it reported, or null.</param>
/// <param name="ExitSignal">Signal it reported, or null.</param>
public sealed record JobEndReport(string By, JobState State, long EndMs, bool Approximate, int? ExitCode, int? ExitSignal);
