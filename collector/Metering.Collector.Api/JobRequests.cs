using System.Text.Json;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Api;

/// <summary>
/// The job API's request bodies (Jobs/README.md) read into store calls, or refused with a
/// <see cref="BadRequestException"/> naming the field. Pure: "now" is passed in.
/// </summary>
internal static class JobRequests
{
    /// <summary>Most estimates in one request.</summary>
    public const int MaxEstimates = 10_000;

    private static readonly string[] StartFields = ["id", "source", "name", "user", "project", "model", "purpose", "allocations", "start_ms"];
    private static readonly string[] AllocationFields = ["node", "gpus", "cpus"];
    private static readonly string[] EndFields = ["end_ms", "state", "exit_code", "signal"];
    private static readonly string[] EstimateFields = ["job", "node", "from_ms", "to_ms", "watts"];

    /// <summary>POST /api/v1/jobs: the job to start (running, starting at start_ms or <paramref name="nowMs"/>).</summary>
    public static Job Start(JsonElement body, long nowMs)
    {
        var f = JsonFields.Of(body, "", StartFields);
        var id = f.Id("id");
        var source = JobSource.Api;
        if (f.Text("source", 16) is { } s && !JobText.TryParseSource(s, out source))
        {
            throw f.Bad("source", $"'{s}' is not one of {JobText.Choices<JobSource>()}");
        }

        if (source == JobSource.Slurm && !SlurmJobIds.TryParse(id, out _))
        {
            throw f.Bad("id", $"a Slurm job's id is {SlurmJobIds.Rule}, got '{id}'");
        }

        return Checked(new Job
        {
            Id = id,
            Source = source,
            Name = f.Text("name", JobRules.MaxLabelLength),
            User = f.Text("user", JobRules.MaxLabelLength),
            Project = f.Text("project", JobRules.MaxLabelLength),
            Model = f.Text("model", JobRules.MaxLabelLength),
            Purpose = f.Text("purpose", JobRules.MaxLabelLength),
            Allocations = Allocations(f),
            StartMs = f.Time("start_ms") ?? nowMs,
        });
    }

    /// <summary>POST /api/v1/jobs/{id}/end: the end of <paramref name="id"/> (at end_ms or <paramref name="nowMs"/>).</summary>
    public static JobEnd End(string id, JsonElement body, long nowMs)
    {
        if (!JobRules.IsValidId(id))
        {
            throw new BadRequestException($"id: not an id: {JobRules.IdRule}");
        }

        var f = JsonFields.Of(body, "", EndFields);
        var choices = JobText.Choices(JobText.EndStates);
        var text = f.Text("state", 16) ?? throw f.Bad("state", $"required, one of {choices}");
        if (!JobText.TryParseState(text, out var state) || !JobText.EndStates.Contains(state))
        {
            throw f.Bad("state", $"'{text}' is not one of {choices}");
        }

        var exitCode = (int?)f.Integer("exit_code", 0, JobRules.MaxExitCode, $"the exit status of the job's script, 0..{JobRules.MaxExitCode}");
        var signal = (int?)f.Integer("signal", 0, JobRules.MaxSignal, $"the signal that ended it, 0..{JobRules.MaxSignal} (0: none)");
        var end = new JobEnd(id, f.Time("end_ms") ?? nowMs, state, Approximate: false, ExitCode: exitCode, ExitSignal: signal);
        return JobValidation.Problems(end) is [var problem, ..] ? throw new BadRequestException(problem) : end;
    }

    // The values the fields above produced meet JobValidation too, so the API and the Slurm reconciler refuse the same.
    private static Job Checked(Job job) => JobValidation.Problems(job) is [var problem, ..] ? throw new BadRequestException(problem) : job;

    /// <summary>POST /api/v1/estimates: one estimate object, or an array of them.</summary>
    public static IReadOnlyList<PowerEstimate> Estimates(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            return [Estimate(body, "")];
        }

        var count = body.GetArrayLength();
        if (count is 0 or > MaxEstimates)
        {
            throw new BadRequestException($"body: an array of 1 to {MaxEstimates} estimates, got {count}");
        }

        return [.. body.EnumerateArray().Select((e, i) => Estimate(e, $"[{i}]"))];
    }

    private static PowerEstimate Estimate(JsonElement element, string path)
    {
        var f = JsonFields.Of(element, path, EstimateFields);
        var job = f.Id("job");
        var node = f.Id("node");
        var from = JsonFields.Required(f.Time("from_ms"), f.PathOf("from_ms"), JobRules.TimeRule);
        var to = JsonFields.Required(f.Time("to_ms"), f.PathOf("to_ms"), JobRules.TimeRule);
        if (to <= from)
        {
            throw f.Bad("to_ms", $"must be after from_ms ({from}), got {to}");
        }

        var watts = JsonFields.Required(f.Number("watts"), f.PathOf("watts"), "the job's mean power on the node over the range, W");
        if (watts is < 0 or > JobRules.MaxEstimateWatts)
        {
            throw f.Bad("watts", $"{watts} is out of range (0..{JobRules.MaxEstimateWatts:0})");
        }

        return new PowerEstimate(job, node, from, to, watts);
    }

    private static List<JobAllocation> Allocations(JsonFields f)
    {
        const string rule = "an array of {\"node\": id, \"gpus\": [indices], \"cpus\": n}, one per node";
        if (f.Get("allocations") is not { } array)
        {
            throw f.Bad("allocations", $"required: {rule}");
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is 0 or > JobRules.MaxAllocations)
        {
            throw f.Bad("allocations", $"must be {rule} (1 to {JobRules.MaxAllocations})");
        }

        var allocations = new List<JobAllocation>();
        foreach (var (element, i) in array.EnumerateArray().Select((e, i) => (e, i)))
        {
            var path = $"allocations[{i}]";
            var a = JsonFields.Of(element, path, AllocationFields);
            var node = a.Id("node");
            if (allocations.Any(x => x.NodeId == node))
            {
                throw a.Bad("node", $"'{node}' appears twice; give each node once");
            }

            allocations.Add(new JobAllocation(node, Gpus(a), (int)(a.Integer("cpus", 0, JobRules.MaxCpus) ?? 0)));
        }

        return allocations;
    }

    private static int[] Gpus(JsonFields a)
    {
        if (a.Get("gpus") is not { } gpus)
        {
            return [];
        }

        if (gpus.ValueKind != JsonValueKind.Array)
        {
            throw a.Bad("gpus", $"must be an array of GPU indices, got {JsonFields.Kind(gpus)}");
        }

        var indices = new SortedSet<int>();
        foreach (var (g, i) in gpus.EnumerateArray().Select((g, i) => (g, i)))
        {
            var path = $"{a.PathOf("gpus")}[{i}]";
            if (!indices.Add((int)JsonFields.Integer(g, path, 0, JobRules.MaxGpuIndex)))
            {
                throw new BadRequestException($"{path}: GPU {g.GetRawText()} appears twice");
            }
        }

        return [.. indices];
    }
}
