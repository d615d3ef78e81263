using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Jobs;

/// <summary>
/// Everything <see cref="JobRules"/> asks of a job and of an end, checked on the values, whatever they came from:
/// the HTTP API checks its parsed requests with it (after reading the JSON field by field), and the Slurm reconciler
/// checks what it read from squeue or sacct with it, so no source can store what the API would refuse. Each problem
/// names the field: "name: must be at most 256 characters, got 300".
/// </summary>
public static class JobValidation
{
    /// <summary>The labels, by field name.</summary>
    private static readonly (string Field, Func<Job, string?> Get)[] Labels =
        [("name", j => j.Name), ("user", j => j.User), ("project", j => j.Project), ("model", j => j.Model), ("purpose", j => j.Purpose)];

    /// <summary>What is wrong with <paramref name="job"/> as a start; empty when the API would take it.</summary>
    public static IReadOnlyList<string> Problems(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var problems = new List<string>();
        if (!JobRules.IsValidId(job.Id))
        {
            problems.Add($"id: not an id: {JobRules.IdRule}");
        }
        else if (job.Source == JobSource.Slurm && !SlurmJobIds.TryParse(job.Id, out _))
        {
            problems.Add($"id: a Slurm job's id is {SlurmJobIds.Rule}, got '{job.Id}'");
        }

        problems.AddRange(LabelProblems(job).Select(p => p.Problem));
        problems.AddRange(AllocationProblems(job.Allocations));
        problems.AddRange(TimeProblems("start_ms", job.StartMs));
        if (job.EndMs is { } end)
        {
            problems.AddRange(TimeProblems("end_ms", end));
        }

        if (job.ArrayJobId is < 1 || job.ArrayTaskId is < 0 || (job.ArrayJobId is null) != (job.ArrayTaskId is null))
        {
            problems.Add($"array: an array job id (1 or more) and a task index (0 or more) go together, got {job.ArrayJobId}_{job.ArrayTaskId}");
        }

        return problems;
    }

    /// <summary>What is wrong with <paramref name="end"/>; empty when the API would take it.</summary>
    public static IReadOnlyList<string> Problems(JobEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        var problems = new List<string>();
        if (!JobRules.IsValidId(end.Id))
        {
            problems.Add($"id: not an id: {JobRules.IdRule}");
        }

        if (end.State == JobState.Running)
        {
            problems.Add("state: an end cannot be running");
        }

        problems.AddRange(TimeProblems("end_ms", end.EndMs));
        if (end.ExitCode is < 0 or > JobRules.MaxExitCode)
        {
            problems.Add($"exit_code: {end.ExitCode} is out of range (0..{JobRules.MaxExitCode})");
        }

        if (end.ExitSignal is < 0 or > JobRules.MaxSignal)
        {
            problems.Add($"signal: {end.ExitSignal} is out of range (0..{JobRules.MaxSignal})");
        }

        return problems;
    }

    /// <summary>The labels the API would refuse (too long, or with control characters), each with why.</summary>
    public static IReadOnlyList<(string Field, string Problem)> LabelProblems(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var problems = new List<(string, string)>();
        foreach (var (field, get) in Labels)
        {
            if (get(job) is not { } text)
            {
                continue;
            }

            if (text.Length > JobRules.MaxLabelLength)
            {
                problems.Add((field, $"{field}: must be at most {JobRules.MaxLabelLength} characters, got {text.Length}"));
            }
            else if (text.Any(char.IsControl))
            {
                problems.Add((field, $"{field}: must not contain control characters (newline, tab, ...)"));
            }
        }

        return problems;
    }

    /// <summary><paramref name="job"/> without the labels <see cref="LabelProblems"/> names.</summary>
    public static Job WithoutLabels(Job job, IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(job);
        var drop = fields.ToHashSet(StringComparer.Ordinal);
        return job with
        {
            Name = drop.Contains("name") ? null : job.Name,
            User = drop.Contains("user") ? null : job.User,
            Project = drop.Contains("project") ? null : job.Project,
            Model = drop.Contains("model") ? null : job.Model,
            Purpose = drop.Contains("purpose") ? null : job.Purpose,
        };
    }

    private static IEnumerable<string> AllocationProblems(IReadOnlyList<JobAllocation> allocations)
    {
        if (allocations.Count is 0 or > JobRules.MaxAllocations)
        {
            yield return $"allocations: 1 to {JobRules.MaxAllocations} nodes, got {allocations.Count}";
        }

        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (a, i) in allocations.Select((a, i) => (a, i)))
        {
            if (!JobRules.IsValidId(a.NodeId))
            {
                yield return $"allocations[{i}].node: not an id: {JobRules.IdRule}";
            }
            else if (!nodes.Add(a.NodeId))
            {
                yield return $"allocations[{i}].node: '{a.NodeId}' appears twice; give each node once";
            }

            if (a.GpuIndices.Any(g => g is < 0 or > JobRules.MaxGpuIndex) || a.GpuIndices.Distinct().Count() != a.GpuIndices.Count)
            {
                yield return $"allocations[{i}].gpus: distinct GPU indices 0..{JobRules.MaxGpuIndex}";
            }

            if (a.CpuCores is < 0 or > JobRules.MaxCpus)
            {
                yield return $"allocations[{i}].cpus: {a.CpuCores} is out of range (0..{JobRules.MaxCpus})";
            }
        }
    }

    private static IEnumerable<string> TimeProblems(string field, long ms)
    {
        if (!JobRules.IsValidTime(ms))
        {
            yield return $"{field}: {ms} is out of range ({JobRules.TimeRule})";
        }
    }
}
