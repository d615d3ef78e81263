using Metering.Collector.Jobs;

namespace Metering.Collector.Storage;

/// <summary>Power estimates in jobs.db: appended in batches, one transaction each, and read back from a time on.</summary>
public sealed partial class SqliteJobPersistence
{
    /// <inheritdoc />
    public IEnumerable<PowerEstimate> LoadEstimates(long endingAfterMs = long.MinValue)
    {
        lock (_lock)
        {
            using var q = _db.CreateCommand();
            q.CommandText = "SELECT job, node, from_ms, to_ms, watts FROM estimate WHERE to_ms > $after ORDER BY seq;";
            q.Parameters.AddWithValue("$after", endingAfterMs);
            using var r = q.ExecuteReader();
            var estimates = new List<PowerEstimate>();
            while (r.Read())
            {
                estimates.Add(new PowerEstimate(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetDouble(4)));
            }

            return estimates;
        }
    }

    /// <inheritdoc />
    public void SaveEstimates(IReadOnlyList<PowerEstimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        if (estimates.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            using var transaction = _db.BeginTransaction();
            using var c = _db.CreateCommand();
            c.Transaction = transaction;
            c.CommandText = "INSERT INTO estimate(job, node, from_ms, to_ms, watts) VALUES($job, $node, $from, $to, $watts);";
            var (job, node, from, to, watts) = (c.Parameters.Add("$job", Microsoft.Data.Sqlite.SqliteType.Text), c.Parameters.Add("$node", Microsoft.Data.Sqlite.SqliteType.Text),
                c.Parameters.Add("$from", Microsoft.Data.Sqlite.SqliteType.Integer), c.Parameters.Add("$to", Microsoft.Data.Sqlite.SqliteType.Integer), c.Parameters.Add("$watts", Microsoft.Data.Sqlite.SqliteType.Real));
            foreach (var e in estimates)
            {
                (job.Value, node.Value, from.Value, to.Value, watts.Value) = (e.JobId, e.NodeId, e.FromMs, e.ToMs, e.Watts);
                c.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
