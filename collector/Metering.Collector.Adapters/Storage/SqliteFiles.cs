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

    /// <summary>Runs a statement that returns nothing of interest.</summary>
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
