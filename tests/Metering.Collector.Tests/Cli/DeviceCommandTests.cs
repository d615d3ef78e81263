using Metering.Collector.Host;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Cli;

/// <summary>`metering device reset-ledger ID` as an operator runs it: it records a request the collector applies, and refuses what it cannot do.</summary>
public sealed class DeviceCommandTests
{
    [Fact]
    public void Reset_ledger_records_a_request_in_the_collectors_database_and_says_what_happens_next()
    {
        using var dir = new TempFolder();
        using (new StateStore(dir.File("collector.db")))
        {
        }

        var r = MeteringCommand.Run(dir.Path, null, "device", "reset-ledger", "rack12-node07-a", "--data", dir.Path);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Requested a new life for rack12-node07-a", r.Output, StringComparison.Ordinal);
        Assert.Contains("has no ledger for it yet", r.Output, StringComparison.Ordinal);
        using var store = new StateStore(dir.File("collector.db"));
        Assert.Equal("rack12-node07-a", Assert.Single(LedgerResetRequests.Pending(store)).Value.DeviceId);
    }

    [Theory]
    [InlineData("Rack12", true, "\"Rack12\" is not a device id")]
    [InlineData("rack12-node07-a", false, "no collector database at")]
    public void Reset_ledger_refuses_a_bad_id_or_a_missing_database_with_exit_2(string id, bool database, string message)
    {
        using var dir = new TempFolder();
        if (database)
        {
            using (new StateStore(dir.File("collector.db")))
            {
            }
        }

        var r = MeteringCommand.Run(dir.Path, null, "device", "reset-ledger", id, "--data", dir.Path);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }
}
