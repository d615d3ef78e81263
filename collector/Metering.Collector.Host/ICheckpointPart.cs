using Metering.Collector.Storage;

namespace Metering.Collector.Host;

/// <summary>
/// State a later stage keeps beside ingest's (attribution's ledger, baselines, summaries), saved in the same
/// <see cref="StateStore"/> transaction as the ingest checkpoint, so after a crash both restart from the same batch.
/// Called on the pipeline thread.
/// </summary>
public interface ICheckpointPart
{
    /// <summary>Adds the documents that changed since the last call, and the keys to delete.</summary>
    void Collect(List<(string Kind, string Key, object Value)> documents, List<(string Kind, string Key)> deletions);
}
