using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Storage;

/// <summary>
/// The collector's own memory between restarts, in its SQLite database: small JSON documents by kind and key
/// (device ledgers, channel interval states, the device registry, unmapped channels). Ingest saves the documents a
/// batch changed in one transaction before acknowledging the batch's MQTT messages, so a restart resumes exactly
/// where the acknowledgements stopped (anything after is redelivered and re-processed deterministically).
/// </summary>
public sealed class StateStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    /// <summary>Opens (creating) the store in the database at <paramref name="path"/>.</summary>
    public StateStore(string path)
        : this(new SqliteConnection($"Data Source={path}"))
    {
        _db.Open();
        using var c = _db.CreateCommand();
        c.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS state(kind TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY(kind, key));
            """;
        c.ExecuteNonQuery();
    }

    /// <summary>Saves every document and deletes every key of <paramref name="deletions"/> in one transaction (fsynced: synchronous=FULL).</summary>
    public void Save(IEnumerable<(string Kind, string Key, object Value)> documents, IEnumerable<(string Kind, string Key)>? deletions = null)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            if (deletions is not null)
            {
                using var delete = _db.CreateCommand();
                delete.CommandText = "DELETE FROM state WHERE kind = $kind AND key = $key";
                var dk = delete.Parameters.Add("$kind", SqliteType.Text);
                var dkey = delete.Parameters.Add("$key", SqliteType.Text);
                foreach (var (k, id) in deletions)
                {
                    dk.Value = k;
                    dkey.Value = id;
                    delete.ExecuteNonQuery();
                }
            }

            using var upsert = _db.CreateCommand();
            upsert.CommandText = "INSERT OR REPLACE INTO state(kind, key, json) VALUES($kind, $key, $json)";
            var kind = upsert.Parameters.Add("$kind", SqliteType.Text);
            var key = upsert.Parameters.Add("$key", SqliteType.Text);
            var json = upsert.Parameters.Add("$json", SqliteType.Text);
            foreach (var (k, id, value) in documents)
            {
                kind.Value = k;
                key.Value = id;
                json.Value = JsonSerializer.Serialize(value, value.GetType(), Json.Options);
                upsert.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    /// <summary>Every document of <paramref name="kind"/>, by key.</summary>
    public IReadOnlyDictionary<string, T> Load<T>(string kind)
    {
        lock (_lock)
        {
            using var q = _db.CreateCommand();
            q.CommandText = "SELECT key, json FROM state WHERE kind = $kind";
            q.Parameters.AddWithValue("$kind", kind);
            var result = new Dictionary<string, T>(StringComparer.Ordinal);
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                result[r.GetString(0)] = JsonSerializer.Deserialize<T>(r.GetString(1), Json.Options)!;
            }

            return result;
        }
    }

    /// <summary>Deletes one document.</summary>
    public void Delete(string kind, string key)
    {
        lock (_lock)
        {
            using var d = _db.CreateCommand();
            d.CommandText = "DELETE FROM state WHERE kind = $kind AND key = $key";
            d.Parameters.AddWithValue("$kind", kind);
            d.Parameters.AddWithValue("$key", key);
            d.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();

    /// <summary>Opens the state at <paramref name="path"/> for reading only (<see cref="SqliteFiles.OpenReadOnly"/>): <see cref="Load{T}"/> works, saving does not.</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file cannot be read, or is not a SQLite database.</exception>
    public static StateStore OpenReadOnly(string path) => new(SqliteFiles.OpenReadOnly(path));

    private StateStore(SqliteConnection db) => _db = db;

    private static class Json
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };
    }
}
