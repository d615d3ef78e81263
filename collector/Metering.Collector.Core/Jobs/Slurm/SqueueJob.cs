namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// One job as the scheduler lists it: an entry of <c>squeue --json</c>'s <c>jobs</c> array (or a record of
/// <c>sacct --json</c>, <see cref="SacctJson"/>), reduced to what accounting needs.
/// </summary>
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
    /// <summary>The array job id of an array task (<c>array_job_id</c>); null for any other job.</summary>
    public long? ArrayJobId { get; init; }

    /// <summary>The index of an array task (<c>array_task_id</c>); null for any other job.</summary>
    public int? ArrayTaskId { get; init; }

    /// <summary>How often the job was requeued (<c>restart_cnt</c>): this listing is of its run RestartCount + 1.</summary>
    public int RestartCount { get; init; }

    /// <summary>Exit status of its script (<c>exit_code</c>'s exit status), once finished; null when unknown.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Signal that ended its script (0: none), once finished; null when unknown.</summary>
    public int? ExitSignal { get; init; }

    /// <summary>The run this listing describes (1 unless requeued).</summary>
    public int Run => RestartCount + 1;

    /// <summary>The collector's id for this run of the job: "slurm:" and the job id (":runN" after a requeue).</summary>
    public string Id => SlurmJobIds.Format(JobId, Run);

    /// <summary>The job as the collector stores it: running, without its end (an end travels as <see cref="ToEnd"/>).</summary>
    public Job ToJob() => new()
    {
        Id = Id,
        Source = JobSource.Slurm,
        Name = NullIfEmpty(Name),
        User = NullIfEmpty(UserName),
        Project = NullIfEmpty(Account),
        Allocations = Nodes.Select(n => new JobAllocation(n.Name, n.GpuIndices, n.Cpus)).ToList(),
        StartMs = StartTimeS * 1000,
        ArrayJobId = ArrayJobId is > 0 && ArrayTaskId is not null ? ArrayJobId : null,
        ArrayTaskId = ArrayJobId is > 0 ? ArrayTaskId : null,
    };

    /// <summary>Its end as the scheduler recorded it, by <paramref name="by"/> (squeue, sacct); null unless finished with an end.</summary>
    public JobEnd? ToEnd(string by) =>
        SlurmJobStates.IsFinished(State) && EndTimeS > 0
            ? new JobEnd(Id, EndTimeS * 1000, SlurmJobStates.ToJobState(State), Approximate: false, By: by, ExitCode: ExitCode, ExitSignal: ExitSignal)
            : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>A job's share of one node as squeue reports it.</summary>
/// <param name="Name">Slurm node name (what SLURMD_NODENAME says on that node).</param>
/// <param name="Cpus">Slurm CPUs allocated on the node (cores, or hardware threads where Slurm counts them).</param>
/// <param name="GpuIndices">GPU indices as gres.conf numbers them; empty once the job has finished (squeue drops them).</param>
public sealed record SqueueNode(string Name, int Cpus, IReadOnlyList<int> GpuIndices);
