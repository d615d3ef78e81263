namespace Metering.Collector.Host;

/// <summary>
/// A batch processor with work to do when no message arrives (time passing: buckets past their lateness horizon,
/// queued job events); <see cref="IngestPipeline"/> calls it every <see cref="IngestPipeline.IdleTick"/> without a message.
/// </summary>
public interface IIdleProcessor
{
    /// <summary>Does the idle work; returns true when it wrote points, so a checkpoint is due.</summary>
    Task<bool> IdleAsync(CancellationToken cancellationToken);
}
