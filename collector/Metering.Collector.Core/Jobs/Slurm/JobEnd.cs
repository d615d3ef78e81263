namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// The end of a job: from the Epilog (<c>metering job end</c>) or from the reconciler.
/// </summary>
/// <param name="Id">The job's id, e.g. "slurm:4711".</param>
/// <param name="EndMs">End, ms since the Unix epoch (UTC).</param>
/// <param name="State">How it ended; never <see cref="JobState.Running"/>.</param>
/// <param name="Approximate">
/// True when the end time is when the collector noticed the job was gone, not when it ended (the job had left
/// squeue's memory, MinJobAge, while the collector was away): attribution should show it as uncertain.
/// </param>
public sealed record JobEnd(string Id, long EndMs, JobState State, bool Approximate);
