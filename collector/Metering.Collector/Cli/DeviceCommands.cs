using System.CommandLine;
using System.Globalization;
using Metering.Collector.Host;
using Metering.Collector.Storage;

namespace Metering.Collector.Cli;

/// <summary><c>metering device</c>: what the collector keeps per device, and <c>reset-ledger</c> to force a new device life.</summary>
internal static class DeviceCommands
{
    public static Command Create()
    {
        var device = new Command("device", "Devices as the collector's ledger knows them.");
        device.Subcommands.Add(ResetLedger());
        return device;
    }

    private static Command ResetLedger()
    {
        var settings = new SettingsArguments();
        var id = new Argument<string>("ID") { Description = "The device id (1 to 32 of a-z, 0-9, '-')." };
        var c = new Command("reset-ledger", """
            Forces a new life for a device: its next telemetry (other than a redelivery of the last one accepted) is taken
            as a new device life, as for a new incarnation: every channel starts a new baseline (a new_life gap), its data
            is accepted whatever its boot and sequence numbers, a new_life device_event and a log line are written. For a
            board that came back with a saved state it should not have. The command records the request in the collector's
            database; a running `metering serve` applies it within a second, a stopped one at its next start.
            Example: metering device reset-ledger rack12-node07-a --data /var/lib/metering
            """)
        {
            id,
        };
        settings.AddTo(c);
        c.SetAction(p =>
        {
            var deviceId = p.GetValue(id)!;
            if (LedgerResetRequests.Refusal(deviceId) is { } refusal)
            {
                return CommonArguments.Fail(refusal);
            }

            if (settings.Load(p, Console.Error) is not { } loaded)
            {
                return 2;
            }

            var path = loaded.Paths.State;
            if (!File.Exists(path))
            {
                return CommonArguments.Fail($"no collector database at {path} (has `metering serve` run with --data {loaded.DataDirectory}?)");
            }

            using var store = new StateStore(path);
            var now = DateTimeOffset.UtcNow;
            var receipt = LedgerResetRequests.Record(store, deviceId, now.ToUnixTimeMilliseconds());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Requested a new life for {deviceId} at {now:u}."));
            Console.WriteLine(receipt.Known
                ? string.Create(CultureInfo.InvariantCulture, $"The collector knows it: life {receipt.Life}, last accepted boot {receipt.Boot} seq {receipt.Sequence}.")
                : "The collector has no ledger for it yet: its first telemetry will start its first life anyway.");
            Console.WriteLine("A running `metering serve` applies the request within a second (a stopped one at its next start); the device's next telemetry then starts a new life.");
            return 0;
        });
        return c;
    }
}
