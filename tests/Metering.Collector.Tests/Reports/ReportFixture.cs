using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Reports;

/// <summary>
/// A small site attributed by the real <see cref="AttributionStage"/> and written to a real <see cref="SqliteSink"/>
/// at DATA_DIR/store.db, as `metering serve` would have written it. Two nodes (8 GPUs, 64 cores, idle 800 W, PUE 1.25,
/// 350 gCO2e/kWh), 10 s buckets over [T0 - 2 min, T0 + 40 min):
/// <list type="bullet">
/// <item>slurm:4711, a 30 min training job on both nodes (all of gpu-a01, 6 GPUs of gpu-a02): kWh and kg;</item>
/// <item>slurm:4712, an inference job beside it on gpu-a02 with power estimates, ending mid-bucket: Wh and g;</item>
/// <item>run:eval-7, still running on gpu-a01, with a quote in its name and a comma in its model (CSV escaping);</item>
/// <item>api:ghost, on a node no meter measures: no records, coverage 0, method none;</item>
/// <item>one half-covered bucket on gpu-a01 while slurm:4711 runs.</item>
/// </list>
/// The expected figures are the stage's own: <see cref="Summaries"/> (what job_summary holds), <see cref="Records"/>,
/// <see cref="Remainders"/> and <see cref="Buckets"/>.
/// </summary>
internal sealed class ReportFixture : IDisposable
{
    public const long T0 = 1_740_000_000_000;   // 2025-02-19T21:20:00Z, a multiple of 10 s
    public const long W = 10_000;
    public const long Minute = 60_000;
    public const long FirstBucket = T0 - (2 * Minute);
    public const long AsOf = T0 + (40 * Minute);
    public const string Site = "paris-dc1";

    private readonly Storage.TempFolder _dir = new();

    private ReportFixture()
    {
    }

    public string DataDirectory => _dir.Path;

    public string StorePath => _dir.File("store.db");

    public Dictionary<string, Job> Jobs { get; } = new(StringComparer.Ordinal);

    /// <summary>What the stage summarized for each job at <see cref="AsOf"/>: the job_summary points.</summary>
    public Dictionary<string, JobSummary> Summaries { get; } = new(StringComparer.Ordinal);

    /// <summary>Current job records by key (retractions applied).</summary>
    public Dictionary<(string Job, string Node, long Start), JobIntervalEnergy> Records { get; } = [];

    public Dictionary<(string Node, long Start), NodeIntervalRemainder> Remainders { get; } = [];

    public List<NodeEnergy> Buckets { get; } = [];

    /// <summary>Every point written, in batches as written.</summary>
    public List<IReadOnlyList<Point>> Batches { get; } = [];

    public static async Task<ReportFixture> CreateAsync()
    {
        var f = new ReportFixture();
        f.Attribute();
        using var sink = new SqliteSink(new SqliteSinkSettings { Path = f.StorePath });
        await f.WriteToAsync(sink);
        return f;
    }

    /// <summary>Writes the fixture's points to <paramref name="sink"/> too.</summary>
    public async Task WriteToAsync(ISink sink)
    {
        foreach (var batch in Batches)
        {
            var buffer = new LineProtocolBuffer();
            buffer.AppendRange(batch);
            await sink.WriteAsync(buffer.Written, CancellationToken.None);
        }
    }

    public static Job Job(string id) => id switch
    {
        "slurm:4711" => new Job
        {
            Id = id, Source = JobSource.Slurm, Name = "pretrain", User = "alice", Project = "climate-llm", Model = "llama-3-8b", Purpose = "training",
            Allocations = [new("gpu-a01", [0, 1, 2, 3, 4, 5, 6, 7], 64), new("gpu-a02", [0, 1, 2, 3, 4, 5], 48)],
            StartMs = T0, EndMs = T0 + (30 * Minute), State = JobState.Completed,
        },
        "slurm:4712" => new Job
        {
            Id = id, Source = JobSource.Slurm, Name = "serve", User = "bob", Project = "climate-llm", Model = "llama-3-8b", Purpose = "inference",
            Allocations = [new("gpu-a02", [6, 7], 16)], StartMs = T0 + (5 * Minute), EndMs = T0 + (12 * Minute) + 4_000, State = JobState.Completed,
        },
        "run:eval-7" => new Job
        {
            Id = id, Source = JobSource.Run, Name = "eval \"quick\"", User = "alice", Project = "vision", Model = "vit-h, v2", Purpose = "evaluation",
            Allocations = [new("gpu-a01", [0, 1, 2, 3], 32)], StartMs = T0 + (31 * Minute),
        },
        "api:ghost" => new Job
        {
            Id = id, Source = JobSource.Api, User = "carol", Project = "climate-llm", Model = "llama-3-8b",
            Allocations = [new("gpu-z99", [0], 8)], StartMs = T0 + (10 * Minute), EndMs = T0 + (20 * Minute), State = JobState.Failed,
        },
        _ => throw new ArgumentException(id, nameof(id)),
    };

    public static readonly string[] JobIds = ["slurm:4711", "slurm:4712", "run:eval-7", "api:ghost"];

    /// <summary>The current records of a node, oldest first.</summary>
    public IEnumerable<JobIntervalEnergy> RecordsOn(string node, long from = long.MinValue, long to = long.MaxValue) =>
        Records.Values.Where(r => r.NodeId == node && !r.IsRetraction && r.BucketStartMs >= from && r.BucketStartMs < to).OrderBy(r => r.BucketStartMs);

    public void Dispose() => _dir.Dispose();

    private void Attribute()
    {
        var nodes = new[] { "gpu-a01", "gpu-a02" }.Select(id => new Node(id, Site, 8, 64, "room-a", [new Feed("psu1", FeedRole.Wall)], 800)).ToArray();
        var facility = new FacilityCarbonModel(new PueTable(new Dictionary<string, double> { ["room-a"] = 1.25 }),
            new CarbonIntensityTable(bySite: new Dictionary<string, ICarbonIntensity> { [Site] = new ConstantIntensity(350) }));
        var table = new JobTable();
        foreach (var id in JobIds)
        {
            Jobs[id] = Job(id);
            table.Upsert(Jobs[id]);
        }

        table.AddEstimate(new PowerEstimate("slurm:4712", "gpu-a02", T0 + (5 * Minute), T0 + (13 * Minute), 420));
        var stage = new AttributionStage(Inventory.Create([new Site(Site)], nodes, []), table, new Attributor(facility: facility));

        for (var start = FirstBucket; start < AsOf; start += W)
        {
            var points = new List<Point>();
            foreach (var node in nodes)
            {
                var energy = Measured(node.Id, start, table);
                Buckets.Add(energy);
                points.AddRange(NodePoints.Node(energy));
                var update = stage.OnNodeEnergy(energy);
                foreach (var r in update.Records.Concat(update.Retractions))
                {
                    Records[r.Key] = r;
                    points.Add(AttributionPoints.JobEnergyPoint(r));
                }

                foreach (var r in update.Remainders)
                {
                    Remainders[(r.NodeId, r.BucketStartMs)] = r;
                    points.Add(AttributionPoints.NodeAttributionPoint(r));
                }
            }

            Batches.Add(points);
        }

        foreach (var job in Jobs.Values)
        {
            Summaries[job.Id] = stage.Summary(job, AsOf);
        }

        Batches.Add([.. Jobs.Values.Select(j => AttributionPoints.JobSummaryPoint(j, Summaries[j.Id]))]);
    }

    /// <summary>A node's measured energy: idle 850 W plus 310 W per busy GPU, with a slow ripple; one half-covered bucket.</summary>
    private static NodeEnergy Measured(string node, long start, JobTable jobs)
    {
        var busyGpus = jobs.JobsOn(node, start, start + W).Sum(j => j.Allocations.Where(a => a.NodeId == node).Sum(a => a.GpuIndices.Count));
        var k = (start - FirstBucket) / W;
        var watts = 850 + (310 * busyGpus) + (40 * Math.Sin(k / 6.0));
        var coverage = node == "gpu-a01" && start == T0 + (7 * Minute) ? 0.5 : 1.0;
        var mj = (long)Math.Round(watts * W * coverage);
        return new NodeEnergy(Site, node, start, W, mj, ((mj * 1000) + (W / 2)) / W, coverage, 0, coverage >= 1, 0, []);
    }
}
