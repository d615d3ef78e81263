using Metering.Collector.Points;

namespace Metering.Collector.Reports;

/// <summary>A <c>job_summary</c> point (Storage/Schema.Jobs.cs) read back as a report row.</summary>
internal static class StoredJob
{
    /// <summary>The caveat a report shows for a job whose end is when the collector noticed it gone (job_summary's end_approximate).</summary>
    public const string EndApproximateFlag = "end_approximate";

    /// <summary>The job row of <paramref name="p"/>, a <c>job_summary</c> point.</summary>
    public static ReportRow Read(Point p) => new()
    {
        Kind = RowKind.Job,
        Label = p.Tag("job") ?? string.Empty,
        Name = StoredFields.Text(p, "name"),
        User = StoredFields.Text(p, "user"),
        Project = StoredFields.Text(p, "project"),
        Model = StoredFields.Text(p, "model"),
        Purpose = StoredFields.Text(p, "purpose"),
        Source = StoredFields.Text(p, "source"),
        State = StoredFields.Text(p, "state"),
        Nodes = StoredFields.List(p, "nodes", ','),
        Gpus = StoredFields.Long(p, "gpus"),
        Cpus = StoredFields.Long(p, "cpus"),
        StartMs = StoredFields.LongOrNull(p, "start_ms") ?? p.TimestampMs,
        EndMs = StoredFields.LongOrNull(p, "end_ms"),
        DurationMs = StoredFields.Long(p, "duration_ms"),
        ItMillijoules = StoredFields.Long(p, "it_mj"),
        IdleMillijoules = StoredFields.Long(p, "idle_mj"),
        DynamicMillijoules = StoredFields.Long(p, "dynamic_mj"),
        FacilityMillijoules = StoredFields.Long(p, "facility_mj"),
        Co2eGrams = StoredFields.Double(p, "co2e_g"),
        MeanWatts = StoredFields.Double(p, "mean_w"),
        PeakWatts = StoredFields.Double(p, "peak_w"),
        IdleShare = StoredFields.Double(p, "idle_share"),
        Coverage = StoredFields.Double(p, "coverage"),
        Method = StoredFields.Text(p, "method") ?? ReportMethods.None,
        Flags = [.. StoredFields.List(p, "flags", '|'), .. StoredFields.Bool(p, "end_approximate") ? new[] { EndApproximateFlag } : []],
        ArrayJobId = StoredFields.LongOrNull(p, "array_job_id"),
        ArrayTaskId = StoredFields.LongOrNull(p, "array_task_id"),
        Buckets = StoredFields.Long(p, "buckets"),
    };

    /// <summary>The value of the job's <paramref name="kind"/> label (project, model or user).</summary>
    public static string? Label(ReportRow job, ReportKind kind) => kind switch
    {
        ReportKind.Project => job.Project,
        ReportKind.Model => job.Model,
        ReportKind.User => job.User,
        _ => null,
    };
}
