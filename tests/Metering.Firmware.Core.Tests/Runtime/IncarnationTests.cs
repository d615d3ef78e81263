using Metering.Firmware.Core.Persistence;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests.Runtime;

/// <summary>
/// A board's incarnation tells one device life from the next under the same device id: it is drawn at random when no
/// saved state can be read (a flash erase, a new board, a corrupt blob) or when the boot number could not be saved, kept
/// with the counters otherwise, and carried in telemetry and in every status (birth, health, last will).
/// </summary>
public sealed class IncarnationTests
{
    private const string Config = """{"v":1,"device":"rack1-node1-a","rev":1,"window_s":10,"channels":[{"id":0,"kind":"pzem004t","addr":1}]}""";

    private static MeterHarness Configured()
    {
        var h = new MeterHarness((0, new ConstantLoad(1000), true));
        h.Configure(Config);
        h.Run(TimeSpan.FromSeconds(15));
        return h;
    }

    private static StatusMessage Status(byte[] payload) => StatusCodec.Decode(payload, out _)!;

    [Fact]
    public void Is_kept_across_reboots_and_sent_in_telemetry_birth_health_and_last_will()
    {
        var h = Configured();
        var incarnation = h.Meter.Incarnation;

        h.Boot();
        h.Run(TimeSpan.FromSeconds(65));

        Assert.InRange(incarnation, 1, ProtocolLimits.MaxSafeInteger);
        Assert.Equal(incarnation, h.Meter.Incarnation);
        Assert.Equal(incarnation, StateCodec.Decode(h.Storage.Read(MeterRuntime.StateBlob))!.Incarnation);
        Assert.All(h.AllLinks.SelectMany(l => l.Telemetry()), t => Assert.Equal(incarnation, t.Incarnation));
        var statuses = h.AllLinks.SelectMany(l => l.Messages).Where(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Select(m => Status(m.Payload)).ToList();
        Assert.True(statuses.Count >= 3, "births and a periodic status");
        Assert.All(statuses, s => Assert.Equal(incarnation, s.Incarnation));
        Assert.All(h.AllLinks.SelectMany(l => l.Connects), c => Assert.Equal(incarnation, Status(c.Will).Incarnation));
    }

    [Fact]
    public void A_flash_erase_or_a_new_board_draws_a_new_incarnation_and_counts_boots_from_one()
    {
        var h = Configured();
        var old = h.Meter.Incarnation;

        h.Storage.Erase();
        h.Boot();

        Assert.NotEqual(old, h.Meter.Incarnation);
        Assert.Equal(1, h.Meter.Boot);
        h.Run(TimeSpan.FromSeconds(1));
        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.Boot && e.Detail!.Contains("new incarnation", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_saved_state_draws_a_new_incarnation()
    {
        var h = Configured();
        var old = h.Meter.Incarnation;
        var blob = h.Storage.Read(MeterRuntime.StateBlob)!;
        blob[12] ^= 0xFF;
        h.Storage.Write(MeterRuntime.StateBlob, blob, blob.Length);

        h.Boot();

        Assert.NotEqual(old, h.Meter.Incarnation);
        Assert.Equal(1, h.Meter.Boot);
    }

    [Fact]
    public void A_boot_number_that_could_not_be_saved_runs_under_a_new_incarnation_which_is_kept_once_a_save_succeeds()
    {
        var h = Configured();
        var old = h.Meter.Incarnation;

        h.Storage.FailWrites = true;
        h.Boot();
        var unsaved = h.Meter.Incarnation;
        h.Storage.FailWrites = false;
        h.Run(TimeSpan.FromMinutes(11));
        h.Boot();

        Assert.NotEqual(old, unsaved);
        Assert.Equal(2, StateCodec.Decode(h.Storage.Read(MeterRuntime.StateBlob))!.Boot - 1);
        Assert.Equal(unsaved, h.Meter.Incarnation);
        Assert.Equal(3, h.Meter.Boot);
    }
}
