using System.Globalization;
using Metering.Collector.Jobs;
using Metering.Collector.Points;

namespace Metering.Collector.Attribution;

/// <summary>
/// The attribution measurements (collector README, "Schema"). Tags hold only what never changes for a key (site,
/// node, job; rollup dimension and key), so a re-attribution, a late estimate or a job's end overwrites the same
/// point instead of starting a new series; method, state and the job's labels are fields.
/// </summary>
public static class AttributionPoints
{
    /// <summary>A job's share of one node bucket (<see cref="JobIntervalEnergy"/>), at the bucket start.</summary>
    public const string JobEnergy = "job_energy";

    /// <summary>Where a node bucket's measured energy went (<see cref="NodeIntervalRemainder"/>), at the bucket start.</summary>
    public const string NodeAttribution = "node_attribution";

    /// <summary>A job's totals (<see cref="JobSummary"/>) and labels, at the job start; rewritten as it grows.</summary>
    public const string JobSummaryMeasurement = "job_summary";

    /// <summary>Totals of the jobs that started on one UTC day, per project, user or model, at the day start.</summary>
    public const string EnergyRollup = "energy_rollup";

    /// <summary>The rollup dimensions, as the <c>dimension</c> tag spells them.</summary>
    public static readonly IReadOnlyList<string> RollupDimensions = ["project", "user", "model"];

    /// <summary>The <c>job_energy</c> point of a record (a retraction writes zeros with overlap 0).</summary>
    public static Point JobEnergyPoint(JobIntervalEnergy r) =>
        new(JobEnergy, [new Tag("job", r.JobId), new Tag("node", r.NodeId), new Tag("site", r.SiteId)],
        [
            new Field("it_mj", r.ItMillijoules),
            new Field("idle_mj", r.IdleMillijoules),
            new Field("dynamic_mj", r.DynamicMillijoules),
            new Field("facility_mj", r.FacilityMillijoules),
            new Field("co2e_g", r.Co2eGrams),
            new Field("width_ms", r.WidthMs),
            new Field("overlap_ms", r.OverlapMs),
            new Field("estimated_ms", r.EstimatedMs),
            new Field("coverage", r.Coverage),
            new Field("method", MethodName(r.Method)),
            new Field("revision", (long)r.Revision),
            new Field("flags", FlagNames(r.Flags)),
        ], r.BucketStartMs);

    /// <summary>The <c>node_attribution</c> point of a bucket's remainder.</summary>
    public static Point NodeAttributionPoint(NodeIntervalRemainder r)
    {
        var fields = new List<Field>(18)
        {
            new("measured_mj", r.MeasuredMillijoules),
            new("idle_mj", r.IdleMillijoules),
            new("dynamic_mj", r.DynamicMillijoules),
            new("jobs_mj", r.JobsMillijoules),
            new("overhead_mj", r.IdleOverheadMillijoules),
            new("unallocated_mj", r.UnallocatedMillijoules),
            new("facility_mj", r.FacilityMillijoules),
            new("co2e_g", r.Co2eGrams),
            new("pue", r.Pue),
            new("g_per_kwh", r.GramsPerKwh),
            new("jobs", (long)r.Jobs),
            new("width_ms", r.WidthMs),
            new("coverage", r.Coverage),
            new("revision", (long)r.Revision),
            new("idle_policy", r.IdlePolicy.ToString().ToLowerInvariant()),
            new("baseline_source", r.BaselineSource switch
            {
                IdleBaselineSource.Configured => "configured",
                IdleBaselineSource.Learned => "learned",
                _ => "not_learned",
            }),
            new("flags", FlagNames(r.Flags)),
        };
        if (r.BaselineMilliwatts is { } baseline)
        {
            fields.Add(new("baseline_mw", baseline));
        }

        return new Point(NodeAttribution, [new Tag("node", r.NodeId), new Tag("site", r.SiteId)], fields, r.BucketStartMs);
    }

    /// <summary>The <c>job_summary</c> point of a job and its current summary.</summary>
    public static Point JobSummaryPoint(Job job, JobSummary s)
    {
        var fields = new List<Field>(24)
        {
            new("source", JobText.Name(job.Source)),
            new("state", JobText.Name(job.State)),
            new("nodes", string.Join(',', job.Allocations.Select(a => a.NodeId).Distinct(StringComparer.Ordinal))),
            new("gpus", (long)job.Allocations.Sum(a => a.GpuIndices.Count)),
            new("cpus", (long)job.Allocations.Sum(a => a.CpuCores)),
            new("start_ms", s.StartMs),
            new("duration_ms", s.DurationMs),
            new("it_mj", s.ItMillijoules),
            new("idle_mj", s.IdleMillijoules),
            new("dynamic_mj", s.DynamicMillijoules),
            new("facility_mj", s.FacilityMillijoules),
            new("co2e_g", s.Co2eGrams),
            new("mean_w", s.MeanWatts),
            new("peak_w", s.PeakWatts),
            new("idle_share", s.IdleShare),
            new("coverage", s.MeterCoverage),
            new("buckets", s.Buckets),
            new("method", s.Method is { } m ? MethodName(m) : "none"),
            new("flags", FlagNames(s.Flags)),
        };
        fields.AddText("name", job.Name);
        fields.AddText("user", job.User);
        fields.AddText("project", job.Project);
        fields.AddText("model", job.Model);
        fields.AddText("purpose", job.Purpose);
        if (s.EndMs is { } end)
        {
            fields.Add(new("end_ms", end));
            fields.Add(new("end_approximate", job.EndApproximate));
        }

        AddSlurmFields(job, fields);
        return new Point(JobSummaryMeasurement, [new Tag("job", job.Id)], fields, job.StartMs);
    }

    // Exit status, the run of a requeued Slurm job and an array task's place: fields (they arrive later than the start).
    private static void AddSlurmFields(Job job, List<Field> fields)
    {
        if (job.ExitCode is { } code)
        {
            fields.Add(new("exit_code", (long)code));
        }

        if (job.ExitSignal is { } signal)
        {
            fields.Add(new("signal", (long)signal));
        }

        if (Jobs.Slurm.SlurmJobIds.TryParse(job.Id, out _, out var run))
        {
            fields.Add(new("run", (long)run));
        }

        if (job.ArrayJobId is { } array && job.ArrayTaskId is { } task)
        {
            fields.Add(new("array_job_id", array));
            fields.Add(new("array_task_id", (long)task));
        }
    }

    /// <summary>The <c>energy_rollup</c> point of one dimension value's jobs that started on the UTC day at <paramref name="dayStartMs"/>.</summary>
    public static Point RollupPoint(string dimension, string key, long dayStartMs, long jobs, long itMillijoules, long facilityMillijoules, double co2eGrams) =>
        new(EnergyRollup, [new Tag("dimension", dimension), new Tag("key", RollupKey(key))],
        [
            new Field("jobs", jobs),
            new Field("it_mj", itMillijoules),
            new Field("facility_mj", facilityMillijoules),
            new Field("co2e_g", co2eGrams),
        ], dayStartMs);

    /// <summary>
    /// A label as the rollup's <c>key</c> tag: <c>%</c>, <c>\</c> and control characters percent-encoded (<c>ml\</c> is
    /// <c>ml%5C</c>), so every label is a tag line protocol can carry and InfluxDB reads back as written.
    /// </summary>
    public static string RollupKey(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!label.Any(c => c is '%' or '\\' || char.IsControl(c)))
        {
            return label;
        }

        var b = new System.Text.StringBuilder(label.Length + 8);
        foreach (var c in label)
        {
            if (c is '%' or '\\' || char.IsControl(c))
            {
                b.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            }
            else
            {
                b.Append(c);
            }
        }

        return b.ToString();
    }

    /// <summary>The start of the UTC day holding <paramref name="ms"/>.</summary>
    public static long DayStartMs(long ms) => ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);

    /// <summary>An attribution method as stored: allocation, estimate, mixed.</summary>
    public static string MethodName(AttributionMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>Flags as stored: snake_case names joined by '|', "" for none.</summary>
    public static string FlagNames(AttributionFlags flags)
    {
        if (flags == AttributionFlags.None)
        {
            return string.Empty;
        }

        var names = new List<string>();
        foreach (var f in Enum.GetValues<AttributionFlags>())
        {
            if (f != AttributionFlags.None && flags.HasFlag(f))
            {
                names.Add(Tokens.SnakeCase(f.ToString()));
            }
        }

        return string.Join('|', names);
    }

}
