using Metering.Collector.Jobs;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Storage;

/// <summary>
/// Keeps the job store in jobs.db (SQLite, WAL, synchronous=FULL): one row per job (the latest version; allocations
/// and end reports as JSON) and one per power estimate, in arrival order. Every save is its own fsynced transaction,
/// so a job event acknowledged to a caller (the HTTP API answers after <see cref="JobStore"/> saved it) survives a
/// crash or power loss. The file is held exclusively: a second collector on the same data directory fails to start.
/// A jobs.db of schema 1 gains the columns of schema 2 (exit code, signal, approximate end, end reports, array id and
/// index) when opened; its rows read them as NULL, which means what schema 1 meant: no exit code or array, no report
/// history, and an end that is approximate exactly when the state is "ended".
/// </summary>
public sealed partial class SqliteJobPersistence : IJobPersistence, IDisposable
{
    // user_version of the tables below; a file from a newer collector is refused rather than misread.
    private const int SchemaVersion = 2;

    // Columns schema 2 added to job, each read as NULL in rows written before (ReadJob gives NULL its schema-1 meaning).
    private static readonly string[] AddedColumns =
        ["exit_code INTEGER", "exit_signal INTEGER", "end_approximate INTEGER", "end_reports TEXT", "array_job_id INTEGER", "array_task_id INTEGER"];

    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    /// <summary>Opens (creating) the database at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be opened, is held by another process, or is from a newer collector.</exception>
    public SqliteJobPersistence(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _db = SqliteFiles.Open(Path, SqliteSync.Full, exclusive: true);
        try
        {
            var version = Convert.ToInt32(Scalar("PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new IOException($"{Path} has job schema version {version}; this collector reads up to {SchemaVersion} (written by a newer collector?)");
            }

            SqliteFiles.Execute(_db, $"""
                CREATE TABLE IF NOT EXISTS job(
                  id TEXT PRIMARY KEY, source TEXT NOT NULL, name TEXT, user TEXT, project TEXT, model TEXT, purpose TEXT,
                  allocations TEXT NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER, state TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS estimate(
                  seq INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, node TEXT NOT NULL,
                  from_ms INTEGER NOT NULL, to_ms INTEGER NOT NULL, watts REAL NOT NULL);
                CREATE INDEX IF NOT EXISTS estimate_to ON estimate(to_ms);
                """);
            AddMissingColumns();
            SqliteFiles.Execute(_db, $"PRAGMA user_version = {SchemaVersion};");
        }
        catch
        {
            _db.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The connection's journal mode and PRAGMA synchronous (2 = FULL), for tests.</summary>
    internal (string JournalMode, long Synchronous) Durability()
    {
        lock (_lock)
        {
            return ((string)Scalar("PRAGMA journal_mode;")!, (long)Scalar("PRAGMA synchronous;")!);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">A row cannot be read back (names the job).</exception>
    public IEnumerable<Job> LoadJobs() => Jobs("ORDER BY start_ms, id", null);

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The row cannot be read back (names the job).</exception>
    public Job? FindJob(string id) => Jobs("WHERE id = $id", id).FirstOrDefault();

    /// <summary>How many jobs the file keeps.</summary>
    public long JobCount()
    {
        lock (_lock)
        {
            return (long)Scalar("SELECT COUNT(*) FROM job;")!;
        }
    }

    /// <inheritdoc />
    public void SaveJob(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        SaveJobs([job]);
    }

    /// <summary>Saves (inserts or replaces by id) jobs in one transaction, durably before returning (a bulk load: one fsync).</summary>
    public void SaveJobs(IReadOnlyList<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        lock (_lock)
        {
            using var transaction = _db.BeginTransaction();
            foreach (var job in jobs)
            {
                Insert(job, transaction);
            }

            transaction.Commit();
        }
    }

    private void Insert(Job job, SqliteTransaction transaction)
    {
        using var c = _db.CreateCommand();
        c.Transaction = transaction;
        c.CommandText = """
            INSERT OR REPLACE INTO job(id, source, name, user, project, model, purpose, allocations, start_ms, end_ms, state,
              exit_code, exit_signal, end_approximate, end_reports, array_job_id, array_task_id)
            VALUES($id, $source, $name, $user, $project, $model, $purpose, $allocations, $start, $end, $state,
              $exit, $signal, $approximate, $reports, $array, $task);
            """;
        c.Parameters.AddWithValue("$id", job.Id);
        c.Parameters.AddWithValue("$source", JobText.Name(job.Source));
        c.Parameters.AddWithValue("$name", (object?)job.Name ?? DBNull.Value);
        c.Parameters.AddWithValue("$user", (object?)job.User ?? DBNull.Value);
        c.Parameters.AddWithValue("$project", (object?)job.Project ?? DBNull.Value);
        c.Parameters.AddWithValue("$model", (object?)job.Model ?? DBNull.Value);
        c.Parameters.AddWithValue("$purpose", (object?)job.Purpose ?? DBNull.Value);
        c.Parameters.AddWithValue("$allocations", AllocationJson.ToText(job.Allocations));
        c.Parameters.AddWithValue("$start", job.StartMs);
        c.Parameters.AddWithValue("$end", (object?)job.EndMs ?? DBNull.Value);
        c.Parameters.AddWithValue("$state", JobText.Name(job.State));
        c.Parameters.AddWithValue("$exit", (object?)job.ExitCode ?? DBNull.Value);
        c.Parameters.AddWithValue("$signal", (object?)job.ExitSignal ?? DBNull.Value);
        c.Parameters.AddWithValue("$approximate", job.EndApproximate ? 1 : 0);
        c.Parameters.AddWithValue("$reports", EndReportJson.ToText(job.EndReports));
        c.Parameters.AddWithValue("$array", (object?)job.ArrayJobId ?? DBNull.Value);
        c.Parameters.AddWithValue("$task", (object?)job.ArrayTaskId ?? DBNull.Value);
        c.ExecuteNonQuery();
    }

    /// <summary>Closes the file (and releases its lock).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _db.Dispose();
        }
    }

    private List<Job> Jobs(string clause, string? id)
    {
        lock (_lock)
        {
            using var q = _db.CreateCommand();
            q.CommandText = "SELECT id, source, name, user, project, model, purpose, allocations, start_ms, end_ms, state, "
                + "exit_code, exit_signal, end_approximate, end_reports, array_job_id, array_task_id FROM job " + clause + ";";
            if (id is not null)
            {
                q.Parameters.AddWithValue("$id", id);
            }

            using var r = q.ExecuteReader();
            var jobs = new List<Job>();
            while (r.Read())
            {
                jobs.Add(ReadJob(r));
            }

            return jobs;
        }
    }

    private static Job ReadJob(SqliteDataReader r)
    {
        var id = r.GetString(0);
        try
        {
            var state = JobText.TryParseState(r.GetString(10), out var s) ? s : throw new FormatException($"unknown state '{r.GetString(10)}'");
            return new Job
            {
                Id = id,
                Source = JobText.TryParseSource(r.GetString(1), out var source) ? source : throw new FormatException($"unknown source '{r.GetString(1)}'"),
                Name = Text(r, 2),
                User = Text(r, 3),
                Project = Text(r, 4),
                Model = Text(r, 5),
                Purpose = Text(r, 6),
                Allocations = AllocationJson.Parse(r.GetString(7)),
                StartMs = r.GetInt64(8),
                EndMs = r.IsDBNull(9) ? null : r.GetInt64(9),
                State = state,
                ExitCode = r.IsDBNull(11) ? null : r.GetInt32(11),
                ExitSignal = r.IsDBNull(12) ? null : r.GetInt32(12),
                EndApproximate = r.IsDBNull(13) ? state == JobState.Ended : r.GetInt64(13) != 0,
                EndReports = r.IsDBNull(14) ? [] : EndReportJson.Parse(r.GetString(14)),
                ArrayJobId = r.IsDBNull(15) ? null : r.GetInt64(15),
                ArrayTaskId = r.IsDBNull(16) ? null : r.GetInt32(16),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"jobs.db: job '{id}' cannot be read: {e.Message}", e);
        }
    }

    private static string? Text(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    private void AddMissingColumns()
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        using (var q = _db.CreateCommand())
        {
            q.CommandText = "SELECT name FROM pragma_table_info('job');";
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                present.Add(r.GetString(0));
            }
        }

        foreach (var column in AddedColumns.Where(c => !present.Contains(c.Split(' ')[0])))
        {
            SqliteFiles.Execute(_db, $"ALTER TABLE job ADD COLUMN {column};");
        }
    }

    private object? Scalar(string sql)
    {
        using var c = _db.CreateCommand();
        c.CommandText = sql;
        return c.ExecuteScalar();
    }
}
