using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Storage;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Tests.Jobs;

/// <summary>jobs.db: what the job store held comes back after a restart, field for field.</summary>
public sealed class SqliteJobPersistenceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string DbPath => _folder.File("jobs.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Jobs_with_every_field_and_estimates_come_back_after_a_restart()
    {
        var full = new Job
        {
            Id = "train-42", Source = JobSource.Api, Name = "pretrain", User = "alice", Project = "nlp", Model = "llama-3-8b",
            Purpose = "training", StartMs = 1_735_689_600_000, ArrayJobId = 40, ArrayTaskId = 2,
            Allocations = [new JobAllocation("gpu-a07", [0, 1, 3], 16), new JobAllocation("gpu-a08", [], 0)],
        };
        var bare = new Job { Id = "slurm:7", Source = JobSource.Slurm, StartMs = 1_735_689_700_000, Allocations = [new JobAllocation("mnode1", [2], 1)] };
        PowerEstimate[] estimates =
        [
            new("train-42", "gpu-a07", 1_735_689_600_000, 1_735_689_610_000, 612.5),
            new("train-42", "gpu-a07", 1_735_689_610_000, 1_735_689_620_000, 0.0),
            new("slurm:7", "mnode1", 1_735_689_700_000, 1_735_689_700_001, 1e7),
        ];
        using (var db = new SqliteJobPersistence(DbPath))
        {
            var store = new JobStore(db);
            store.Start(full);
            store.Start(bare);
            store.End(new JobEnd("train-42", 1_735_693_200_000, JobState.Completed, Approximate: false, By: "node gpu-a07"));
            store.End(new JobEnd("train-42", 1_735_693_201_000, JobState.Cancelled, Approximate: false, By: JobEndSources.Squeue, ExitCode: 0, ExitSignal: 15));
            Array.ForEach(estimates, store.AddEstimate);
        }

        using var reopened = new SqliteJobPersistence(DbPath);
        var restored = new JobStore(reopened);

        var ended = full with
        {
            EndMs = 1_735_693_201_000, State = JobState.Cancelled, ExitCode = 0, ExitSignal = 15,
            EndReports =
            [
                new JobEndReport("node gpu-a07", JobState.Completed, 1_735_693_200_000, false, null, null),
                new JobEndReport(JobEndSources.Squeue, JobState.Cancelled, 1_735_693_201_000, false, 0, 15),
            ],
        };
        AssertSame(ended, restored.Find("train-42"));
        AssertSame(bare, restored.Find("slurm:7"));
        Assert.Equal(2, restored.Count);
        Assert.Equal(estimates, reopened.LoadEstimates());
        Assert.Equal(estimates[..2], restored.EstimatesOn("gpu-a07", 0, long.MaxValue));
        Assert.Equal([bare], restored.JobsOn("mnode1", 1_735_689_700_000, 1_735_689_700_001), new SameJob());
    }

    [Fact]
    public void A_changed_job_is_one_row_holding_its_latest_version()
    {
        var first = new Job { Id = "slurm:9", Source = JobSource.Slurm, StartMs = 1_735_689_600_000, Allocations = [new JobAllocation("n1", [0], 2)] };
        using (var db = new SqliteJobPersistence(DbPath))
        {
            var store = new JobStore(db);
            store.Start(first);
            store.Start(first with { Project = "physics", Allocations = [new JobAllocation("n2", [1], 2)] });
        }

        using var reopened = new SqliteJobPersistence(DbPath);
        var job = Assert.Single(reopened.LoadJobs());
        Assert.Equal("physics", job.Project);
        Assert.Equal(["n1", "n2"], job.Allocations.Select(a => a.NodeId));
    }

    [Fact]
    public void A_second_collector_cannot_open_the_same_file()
    {
        using var db = new SqliteJobPersistence(DbPath);

        var e = Assert.Throws<IOException>(() => new SqliteJobPersistence(DbPath));
        Assert.Contains(Path.GetFullPath(DbPath), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_from_a_newer_collector_is_refused_not_misread()
    {
        new SqliteJobPersistence(DbPath).Dispose();
        using (var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            raw.Open();
            using var c = raw.CreateCommand();
            c.CommandText = "PRAGMA user_version = 3;";
            c.ExecuteNonQuery();
        }

        var e = Assert.Throws<IOException>(() => new SqliteJobPersistence(DbPath));
        Assert.Contains("version 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jobs_db_of_schema_1_opens_and_its_rows_keep_their_meaning()
    {
        using (var raw = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            raw.Open();
            using var c = raw.CreateCommand();
            c.CommandText = """
                CREATE TABLE job(id TEXT PRIMARY KEY, source TEXT NOT NULL, name TEXT, user TEXT, project TEXT, model TEXT, purpose TEXT,
                  allocations TEXT NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER, state TEXT NOT NULL);
                CREATE TABLE estimate(seq INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, node TEXT NOT NULL,
                  from_ms INTEGER NOT NULL, to_ms INTEGER NOT NULL, watts REAL NOT NULL);
                INSERT INTO job VALUES('slurm:1', 'slurm', 'train', 'alice', NULL, NULL, NULL, '[{"node":"n1","gpus":[0],"cpus":2}]', 1735689600000, 1735689700000, 'completed');
                INSERT INTO job VALUES('slurm:2', 'slurm', NULL, NULL, NULL, NULL, NULL, '[{"node":"n1","gpus":[],"cpus":0}]', 1735689600000, 1735689900000, 'ended');
                INSERT INTO job VALUES('slurm:3', 'slurm', NULL, NULL, NULL, NULL, NULL, '[{"node":"n1","gpus":[1],"cpus":1}]', 1735689600000, NULL, 'running');
                PRAGMA user_version = 1;
                """;
            c.ExecuteNonQuery();
        }

        using (var db = new SqliteJobPersistence(DbPath))
        {
            var store = new JobStore(db);
            Assert.Equal((JobState.Completed, false, (int?)null, 0), (store.Find("slurm:1")!.State, store.Find("slurm:1")!.EndApproximate, store.Find("slurm:1")!.ExitCode, store.Find("slurm:1")!.EndReports.Count));
            Assert.True(store.Find("slurm:2")!.EndApproximate, "an \"ended\" job of schema 1 was ended by the reconciler at an approximate time");
            Assert.Null(store.Find("slurm:3")!.EndMs);

            // The epilog's end of schema 1 is refined by squeue like any other observation.
            var refined = store.End(new JobEnd("slurm:1", 1_735_689_701_000, JobState.Cancelled, false, JobEndSources.Squeue, 0, 15))!;
            Assert.Equal((JobState.Cancelled, 15), (refined.State, refined.ExitSignal));
            Assert.Equal([JobOutcome.Unknown, JobEndSources.Squeue], refined.EndReports.Select(r => r.By));
        }

        using var reopened = new SqliteJobPersistence(DbPath);
        Assert.Equal(JobState.Cancelled, reopened.LoadJobs().Single(j => j.Id == "slurm:1").State);
    }

    [Fact]
    public void Every_commit_is_fsynced_wal_with_synchronous_full()
    {
        using var db = new SqliteJobPersistence(DbPath);

        Assert.Equal(("wal", 2L), db.Durability());
    }

    private static void AssertSame(Job expected, Job? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JobMergeRules.SameContent(expected, actual), $"expected {expected}\n but got {actual}");
    }

    private sealed class SameJob : IEqualityComparer<Job>
    {
        public bool Equals(Job? x, Job? y) => x is not null && y is not null && JobMergeRules.SameContent(x, y);

        public int GetHashCode(Job obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
