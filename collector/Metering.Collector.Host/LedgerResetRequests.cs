using Metering.Collector.Ingest;
using Metering.Collector.Storage;
using Metering.Protocol;

namespace Metering.Collector.Host;

/// <summary>
/// Operators' requests for a new device life (<c>metering device reset-ledger ID</c>), recorded as documents in the
/// collector's state store. The command only records; the collector applies a request (the device's next telemetry
/// then starts a new life) and deletes it in the same transaction as the ledger it changed: within a second while
/// <c>metering serve</c> runs, at its next start otherwise. So the command is safe while the collector runs: it never
/// writes the ledgers the collector owns.
/// </summary>
public static class LedgerResetRequests
{
    /// <summary>The state store's document kind.</summary>
    public const string Kind = "ledger_reset";

    /// <summary>
    /// Records a request for <paramref name="deviceId"/> made at <paramref name="nowMs"/>, and says what the collector's
    /// saved ledger knew of the device then. Throws <see cref="ArgumentException"/> for an id the contract refuses.
    /// </summary>
    public static LedgerResetReceipt Record(StateStore store, string deviceId, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Refusal(deviceId) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(deviceId));
        }

        var key = $"{deviceId}/{nowMs}/{Guid.NewGuid():N}";
        store.Save([(Kind, key, new LedgerResetRequest(deviceId, nowMs))]);
        return store.Load<DeviceLedger>(IngestState.LedgerKind).TryGetValue(deviceId, out var ledger)
            ? new LedgerResetReceipt(key, true, ledger.Life, ledger.Boot, ledger.Sequence)
            : new LedgerResetReceipt(key, false, 0, -1, -1);
    }

    /// <summary>Why <paramref name="deviceId"/> cannot be a device (the contract's rule), or null when it can.</summary>
    public static string? Refusal(string deviceId) =>
        DeviceId.IsValid(deviceId) ? null : $"\"{deviceId}\" is not a device id (1 to 32 of a-z, 0-9, '-')";

    /// <summary>The requests not yet applied, by key.</summary>
    public static IReadOnlyDictionary<string, LedgerResetRequest> Pending(StateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Load<LedgerResetRequest>(Kind);
    }
}

/// <summary>One operator's request that a device's next telemetry start a new life.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="RequestedMs">When it was made, ms since the Unix epoch.</param>
public sealed record LedgerResetRequest(string DeviceId, long RequestedMs);

/// <summary>A recorded request, and what the collector's saved ledger knew of the device when it was made.</summary>
/// <param name="Key">The request's key in the state store.</param>
/// <param name="Known">Whether the collector has a ledger for the device.</param>
/// <param name="Life">Its current life's ordinal.</param>
/// <param name="Boot">The last accepted boot, -1 when none.</param>
/// <param name="Sequence">The last accepted sequence, -1 when none.</param>
public sealed record LedgerResetReceipt(string Key, bool Known, long Life, long Boot, long Sequence);
