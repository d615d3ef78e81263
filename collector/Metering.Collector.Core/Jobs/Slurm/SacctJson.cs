using System.Text.Json;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// Parses <c>sacct --json --duplicates</c> (Slurm 22.05, the dbv0.0.38 job layout: <c>job_id</c>, <c>name</c>,
/// <c>user</c>, <c>account</c>, <c>partition</c>, <c>state.current</c>, <c>time.start</c>/<c>time.end</c>,
/// <c>exit_code</c>, <c>array.job_id</c>/<c>array.task_id</c>, <c>nodes</c>, <c>tres.allocated</c>) into the same
/// records squeue gives (<see cref="SqueueJob"/>). sacct has no restart count: a requeued job has one record per run
/// (with <c>--duplicates</c>), and the runs are numbered in order of start. It has no GPU indices either (only
/// counts), so its jobs carry none. 23.02's shapes (numbers as <c>{"set","number"}</c>, <c>state.current</c> as a
/// list) are accepted too. The test samples are constructed from Slurm's source, not captured (README there).
/// </summary>
public static class SacctJson
{
    // slurmdb's "no value" for a job that is not an array task.
    private const long NoValue = 0xfffffffe;

    /// <summary>The records in <paramref name="json"/>, each run of a job numbered (<see cref="SqueueJob.RestartCount"/>).</summary>
    /// <exception cref="FormatException">Not JSON, no <c>jobs</c> array, a non-empty <c>errors</c> array, or a record without a job id.</exception>
    public static IReadOnlyList<SqueueJob> Parse(string json) =>
        [.. SqueueFields.Jobs(json, "sacct", ParseJob).GroupBy(j => j.JobId)
            .SelectMany(g => g.OrderBy(j => j.StartTimeS > 0 ? j.StartTimeS : long.MaxValue).Select((j, i) => j with { RestartCount = i }))];

    private static SqueueJob ParseJob(JsonElement job)
    {
        var state = State(job);
        var time = job.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
        var started = time.ValueKind == JsonValueKind.Object ? SqueueFields.Number(time, "start") ?? 0 : 0;
        var ended = time.ValueKind == JsonValueKind.Object ? SqueueFields.Number(time, "end") ?? 0 : 0;
        var cpus = (int)Math.Clamp(AllocatedCpus(job) ?? Required(job, "CPUs") ?? 0, 0, int.MaxValue);
        var names = started > 0 ? NodeNames(SqueueFields.Text(job, "nodes")) : [];
        var exit = SqueueFields.ExitStatus(job, "exit_code");
        var finished = SlurmJobStates.IsFinished(state);
        var array = job.TryGetProperty("array", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var arrayJob = array.ValueKind == JsonValueKind.Object ? SqueueFields.Number(array, "job_id") : null;
        var arrayTask = array.ValueKind == JsonValueKind.Object ? SqueueFields.Number(array, "task_id") : null;
        return new SqueueJob(
            JobId: SqueueFields.Number(job, "job_id") ?? throw new FormatException($"a sacct record has no job_id: {SqueueFields.Excerpt(job)}"),
            Name: SqueueFields.Text(job, "name"),
            UserName: SqueueFields.Text(job, "user"),
            Account: SqueueFields.Text(job, "account"),
            Partition: SqueueFields.Text(job, "partition"),
            State: state,
            StartTimeS: started,
            EndTimeS: finished ? ended : 0,
            Cpus: cpus,
            Nodes: [.. names.Select(n => new SqueueNode(n, cpus / names.Count, []))])
        {
            ArrayJobId = arrayJob is > 0 && arrayTask is >= 0 and < NoValue ? arrayJob : null,
            ArrayTaskId = arrayJob is > 0 && arrayTask is >= 0 and < NoValue and <= int.MaxValue ? (int)arrayTask : null,
            ExitCode = finished ? exit?.ExitCode : null,
            ExitSignal = finished ? exit?.Signal : null,
        };
    }

    // "state": {"current": "COMPLETED"} (22.05) or {"current": ["COMPLETED"]} (23.02+).
    private static string State(JsonElement job) =>
        job.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty("current", out var current)
            ? current.ValueKind switch
            {
                JsonValueKind.String => current.GetString()!,
                JsonValueKind.Array when current.GetArrayLength() > 0 && current[0].ValueKind == JsonValueKind.String => current[0].GetString()!,
                _ => "",
            }
            : "";

    private static IReadOnlyList<string> NodeNames(string nodes)
    {
        try
        {
            // A job that never got nodes says "None assigned".
            return nodes.Length == 0 || nodes.Contains(' ', StringComparison.Ordinal) ? [] : Hostlist.Expand(nodes);
        }
        catch (FormatException)
        {
            return [nodes];
        }
    }

    // "tres": {"allocated": [{"type": "cpu", "count": 2}, {"type": "gres", "name": "gpu", "count": 1}, ...]}
    private static long? AllocatedCpus(JsonElement job) =>
        job.TryGetProperty("tres", out var tres) && tres.ValueKind == JsonValueKind.Object
        && tres.TryGetProperty("allocated", out var allocated) && allocated.ValueKind == JsonValueKind.Array
            ? allocated.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && SqueueFields.Text(e, "type") == "cpu")
                .Select(e => SqueueFields.Number(e, "count")).FirstOrDefault(n => n is not null)
            : null;

    private static long? Required(JsonElement job, string name) =>
        job.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Object ? SqueueFields.Number(r, name) : null;
}
