namespace Metering.Collector.Jobs.Slurm;

/// <summary>One entry of <c>squeue --json</c>'s <c>jobs</c> array, reduced to what accounting needs.</summary>
/// <param name="JobId">Slurm's job id (an array task has its own).</param>
/// <param name="Name">Job name (<c>name</c>).</param>
/// <param name="UserName">Owner (<c>user_name</c>).</param>
/// <param name="Account">Account (<c>account</c>): empty when the job named none and no accounting database sets one.</param>
/// <param name="Partition">Partition (<c>partition</c>).</param>
/// <param name="State">Base job state as Slurm spells it (<c>job_state</c>: RUNNING, COMPLETED, ...).</param>
/// <param name="StartTimeS">Start, s since the Unix epoch; 0 when it has not started.</param>
/// <param name="EndTimeS">
/// End, s since the Unix epoch. Only an end once the job is finished: while it runs this is the projected end
/// (start + time limit), and 0 when it has not started.
/// </param>
/// <param name="Cpus">CPUs allocated across all nodes (<c>cpus</c>).</param>
/// <param name="Nodes">Per allocated node: name, CPUs and GPU indices; empty when nothing is allocated yet.</param>
public sealed record SqueueJob(
    long JobId,
    string Name,
    string UserName,
    string Account,
    string Partition,
    string State,
    long StartTimeS,
    long EndTimeS,
    int Cpus,
    IReadOnlyList<SqueueNode> Nodes)
{
    /// <summary>The collector's id for this job: "slurm:" and the job id.</summary>
    public string Id => SlurmJobIds.Format(JobId);

    /// <summary>The job as the collector stores it (running, or ended with squeue's end time when finished).</summary>
    public Job ToJob() => new()
    {
        Id = Id,
        Source = JobSource.Slurm,
        Name = NullIfEmpty(Name),
        User = NullIfEmpty(UserName),
        Project = NullIfEmpty(Account),
        Allocations = Nodes.Select(n => new JobAllocation(n.Name, n.GpuIndices, n.Cpus)).ToList(),
        StartMs = StartTimeS * 1000,
        EndMs = SlurmJobStates.IsFinished(State) ? EndTimeS * 1000 : null,
        State = SlurmJobStates.ToJobState(State),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>A job's share of one node as squeue reports it.</summary>
/// <param name="Name">Slurm node name (what SLURMD_NODENAME says on that node).</param>
/// <param name="Cpus">Slurm CPUs allocated on the node (cores, or hardware threads where Slurm counts them).</param>
/// <param name="GpuIndices">GPU indices as gres.conf numbers them; empty once the job has finished (squeue drops them).</param>
public sealed record SqueueNode(string Name, int Cpus, IReadOnlyList<int> GpuIndices);
