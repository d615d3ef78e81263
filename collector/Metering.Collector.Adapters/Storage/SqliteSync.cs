namespace Metering.Collector.Storage;

/// <summary>
/// When SQLite fsyncs (PRAGMA synchronous, WAL journal). Both settings survive a killed process (SIGKILL) intact:
/// the committed transactions are in the WAL file, which the OS keeps. They differ on power loss or an OS crash.
/// </summary>
public enum SqliteSync
{
    /// <summary>
    /// synchronous=FULL: every commit fsyncs the WAL before it returns, so a committed append survives power loss.
    /// Costs one fsync per transaction (one per appended batch, one per drained group). The default.
    /// </summary>
    Full = 0,

    /// <summary>
    /// synchronous=NORMAL: the WAL is fsynced only at checkpoints (about every 1000 pages, 4 MiB). A power loss or OS
    /// crash can roll back the transactions committed since the last checkpoint, whose MQTT messages were already
    /// acknowledged: that data is lost. The database itself stays consistent. Process crashes lose nothing.
    /// </summary>
    Normal = 1,
}
