using System.Text.Json;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// Parses <c>squeue --json</c> (Slurm 22.05, openapi/v0.0.38: the <c>jobs</c> array; a sample with how it was
/// captured is in the tests, <c>Jobs/Slurm/samples/</c>). Slurm 22.05 lists every job it still remembers whatever
/// filter is given (finished ones until MinJobAge). Numbers written as 23.02's <c>{"set","number"}</c> objects and
/// <c>job_state</c> written as a list are accepted too, so a newer squeue degrades gracefully.
/// </summary>
public static class SqueueJson
{
    /// <summary>The jobs in <paramref name="json"/>, in squeue's order.</summary>
    /// <exception cref="FormatException">Not JSON, no <c>jobs</c> array, or a non-empty <c>errors</c> array.</exception>
    public static IReadOnlyList<SqueueJob> Parse(string json) => SqueueFields.Jobs(json, "squeue", ParseJob);

    private static SqueueJob ParseJob(JsonElement job)
    {
        var state = SqueueFields.State(job);
        var exit = SqueueFields.ExitStatus(job, "exit_code");
        var finished = SlurmJobStates.IsFinished(state);
        return new SqueueJob(
            JobId: SqueueFields.Number(job, "job_id") ?? throw new FormatException($"a squeue job has no job_id: {SqueueFields.Excerpt(job)}"),
            Name: SqueueFields.Text(job, "name"),
            UserName: SqueueFields.Text(job, "user_name"),
            Account: SqueueFields.Text(job, "account"),
            Partition: SqueueFields.Text(job, "partition"),
            State: state,
            StartTimeS: SqueueFields.Number(job, "start_time") ?? 0,
            EndTimeS: SqueueFields.Number(job, "end_time") ?? 0,
            Cpus: (int)(SqueueFields.Number(job, "cpus") ?? 0),
            Nodes: SlurmJobStates.IsActive(state) || finished ? SqueueNodes.Parse(job) : [])
        {
            ArrayJobId = SqueueFields.Number(job, "array_job_id") is > 0 and var array ? array : null,
            ArrayTaskId = SqueueFields.Number(job, "array_task_id") is >= 0 and <= int.MaxValue and var task ? (int)task : null,
            RestartCount = SqueueFields.Number(job, "restart_cnt") is >= 0 and <= SlurmJobIds.MaxRun - 1 and var restarts ? (int)restarts : 0,
            ExitCode = finished ? exit?.ExitCode : null,
            ExitSignal = finished ? exit?.Signal : null,
        };
    }
}
