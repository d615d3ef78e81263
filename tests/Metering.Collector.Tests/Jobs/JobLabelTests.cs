using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Points;

namespace Metering.Collector.Tests.Jobs;

/// <summary>
/// Job labels are made safe once, in the job store, for every source (the squeue reconciler included, which skips the
/// API's checks) and for jobs loaded from an older jobs.db; the rollup key tag made from a label is always writable.
/// </summary>
public sealed class JobLabelTests
{
    [Theory]
    [InlineData("ml\\", "ml\\")]
    [InlineData("  nlp  ", "nlp")]
    [InlineData("a\nb", "a\uFFFDb")]
    [InlineData("tab\there", "tab\uFFFDhere")]
    [InlineData("bell\u0007\u007F\u0085.", "bell\uFFFD\uFFFD\uFFFD.")]
    [InlineData("rtl\u202Egpj.exe", "rtl\uFFFDgpj.exe")]
    [InlineData("line\u2028sep", "line\uFFFDsep")]
    [InlineData("emoji \uD83D\uDE80 ok", "emoji \uD83D\uDE80 ok")]
    [InlineData("=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")")]
    [InlineData("   ", null)]
    [InlineData("", null)]
    public void A_label_keeps_what_is_safe_and_replaces_what_is_not(string label, string? expected) =>
        Assert.Equal(expected, JobLabels.Clean(label));

    [Fact]
    public void A_lone_surrogate_is_replaced()
    {
        // Built in code: an attribute argument cannot carry a lone surrogate.
        Assert.Equal("lone\uFFFD!", JobLabels.Clean("lone" + (char)0xD800 + "!"));
        Assert.Equal("\uFFFDx", JobLabels.Clean((char)0xDC00 + "x"));
    }

    [Fact]
    public void A_long_label_is_cut_at_the_limit_never_inside_a_surrogate_pair()
    {
        var label = new string('a', JobRules.MaxLabelLength - 1) + "\uD83D\uDE80tail";

        var cleaned = JobLabels.Clean(label)!;

        Assert.Equal(JobRules.MaxLabelLength - 1, cleaned.Length);
        Assert.False(char.IsHighSurrogate(cleaned[^1]));
    }

    [Fact]
    public async Task Every_source_reaches_the_store_through_the_same_rule()
    {
        var store = new JobStore();
        var job = new Job { Id = "slurm:7", Source = JobSource.Slurm, Project = "ml\nops", User = "eve\u202E", Name = "x\ty", StartMs = 1_764_403_200_000, Allocations = [] };

        await ((IJobSink)store).StartAsync(job, CancellationToken.None);

        var stored = store.Find("slurm:7")!;
        Assert.Equal(("ml\uFFFDops", "eve\uFFFD", "x\uFFFDy"), (stored.Project, stored.User, stored.Name));
    }

    [Fact]
    public void Jobs_loaded_from_an_older_jobs_db_are_cleaned_too()
    {
        var saved = new Job { Id = "api:1", Source = JobSource.Api, Project = "a\r\nb", StartMs = 1_764_403_200_000, Allocations = [] };

        var store = new JobStore(new Saved([saved]));

        Assert.Equal("a\uFFFD\uFFFDb", store.Find("api:1")!.Project);
    }

    [Theory]
    [InlineData("ml\\", "ml%5C")]
    [InlineData("100%", "100%25")]
    [InlineData("a\\,b=c d", "a%5C,b=c d")]
    [InlineData("nlp", "nlp")]
    public void The_rollup_key_of_any_label_is_a_tag_line_protocol_carries(string label, string key)
    {
        var point = AttributionPoints.RollupPoint("project", label, 0, 1, 1, 1, 0.5);

        Assert.Equal(key, point.Tag("key"));
        Assert.Null(LineProtocol.Refusal(point));
        Assert.Equal(key, LineProtocol.Parse(LineProtocol.ToLine(point)).Tag("key"));
    }

    private sealed class Saved(IReadOnlyList<Job> jobs) : IJobPersistence
    {
        public IEnumerable<Job> LoadJobs() => jobs;

        public Job? FindJob(string id) => null;

        public IEnumerable<PowerEstimate> LoadEstimates(long endingAfterMs) => [];

        public void SaveJob(Job job)
        {
        }

        public void SaveEstimates(IReadOnlyList<PowerEstimate> estimates)
        {
        }
    }
}
