using Microsoft.Data.Sqlite;

namespace Metering.Collector.Storage;

/// <summary>Opens the SQLite files of the outbox and the SQLite sink with the same journal and fsync settings.</summary>
internal static class SqliteFiles
{
    /// <summary>
    /// Opens <paramref name="path"/> (creating it and its folder) in WAL mode with <paramref name="sync"/>. Pooling is
    /// off so that disposing the connection really closes the file. With <paramref name="exclusive"/> the connection
    /// takes the file's lock now and keeps it until closed, so a second process cannot open the same file.
    /// </summary>
    public static SqliteConnection Open(string path, SqliteSync sync, bool exclusive)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // Busy waits: an exclusive file held by another process fails within 2 s instead of the default 30 s.
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = exclusive ? 2 : 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            if (exclusive)
            {
                Execute(connection, "PRAGMA locking_mode=EXCLUSIVE;");
            }

            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, sync == SqliteSync.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
            if (exclusive)
            {
                // The exclusive lock is taken by the first write; take it now, failing fast if another process holds it.
                Execute(connection, "BEGIN IMMEDIATE; COMMIT;");
            }
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new IOException($"cannot open SQLite file {full}: {e.Message} (is another collector using it?)", e);
        }

        return connection;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading only: nothing is created, no pragma or schema is written, so a user who
    /// may read the collector's files (its group, with <c>DataGroup</c>) and not write them can. A WAL database needs its
    /// <c>-shm</c> file: while the collector runs it exists and is shared; when the collector has stopped (and removed
    /// it) and the reader may not create it, the file is opened as immutable, which is exact since no writer is left.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="SqliteException">The file cannot be read, or is not a SQLite database.</exception>
    public static SqliteConnection OpenReadOnly(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"no SQLite file at {full}", full);
        }

        try
        {
            return OpenReadOnly(full, immutable: false);
        }
        catch (SqliteException first) when (first.SqliteErrorCode is 14 or 8 or 10)
        {
            // 14 CANTOPEN, 8 READONLY, 10 IOERR: the -shm file could not be created or opened for this user.
            return OpenReadOnly(full, immutable: true);
        }
    }

    private static SqliteConnection OpenReadOnly(string full, bool immutable)
    {
        var source = immutable ? "file:" + Uri.EscapeDataString(full).Replace("%2F", "/", StringComparison.Ordinal) + "?immutable=1" : full;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        try
        {
            connection.Open();
            // Opening is lazy about the file's content: read the schema now so a file that cannot be read fails here.
            using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM sqlite_master;";
            probe.ExecuteScalar();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a statement that returns nothing of interest.</summary>
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
