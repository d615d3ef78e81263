using System.Text.RegularExpressions;
using Metering.Protocol.Schema;

namespace Metering.Firmware.Core.Tests.HardwareDocs;

/// <summary>
/// Every config a technician can copy from hardware/ is one the firmware applies (hardware/README.md, "Examples the
/// tests check"): configs live in <c>json</c> blocks only, and each is run through the firmware's own config path.
/// </summary>
public sealed partial class ConfigExampleTests
{
    public static TheoryData<string> JsonBlocks() =>
        [.. HardwareDocuments.Blocks.Where(b => b.Info == "json").Select(b => b.ToString())];

    [Fact]
    public void The_documents_hold_the_config_examples_a_technician_needs()
    {
        var devices = HardwareDocuments.Blocks.Where(b => b.Info == "json")
            .Select(b => ConfigCodec.Decode(System.Text.Encoding.UTF8.GetBytes(b.Text), out _)?.DeviceId).ToList();

        // A first config of a metering box, a calibrated box, and a rails device.
        Assert.Contains("rack12-node07-b", devices);
        Assert.Contains("rack12-node07-a", devices);
        Assert.Contains("rack12-node07-r", devices);
    }

    [Theory]
    [MemberData(nameof(JsonBlocks))]
    public void Every_json_block_is_a_config_the_firmware_applies(string place)
    {
        var block = HardwareDocuments.Blocks.Single(b => b.ToString() == place);

        Assert.Null(FirmwareConfigCheck.Problem(block.Text));
    }

    [Fact]
    public void No_config_is_written_outside_a_json_block()
    {
        var keys = ConfigFields.All.Concat(ChannelConfigFields.All).Select(f => Regex.Escape(f.Name));
        var configKey = new Regex("\"(" + string.Join('|', keys) + ")\"\\s*:");

        var offending = HardwareDocuments.LinesOutsideJsonBlocks().Where(l => configKey.IsMatch(l.Line)).Select(l => l.Place).ToList();

        Assert.True(offending.Count == 0, "config text outside a json block (put it in a json block, or do not write it as JSON): " + string.Join(", ", offending));
    }

    [Fact]
    public void Every_fenced_block_names_what_it_holds()
    {
        var unnamed = HardwareDocuments.Blocks.Where(b => b.Info.Length == 0).Select(b => b.ToString()).ToList();

        Assert.True(unnamed.Count == 0, "fenced blocks without an info string (json, bash, text, ...): " + string.Join(", ", unnamed));
    }

    // Each row is a config the check must refuse, with what the refusal says. The first is the PCIe 8-pin example the
    // calibration guide carried before: 15 A with a 1 mOhm shunt needs a calibration of 81920, which the register cannot hold.
    [Theory]
    [InlineData("""{"v":1,"device":"rack12-node07-r","rev":1,"channels":[{"id":17,"kind":"ina219","addr":65,"shunt_uohm":1000,"max_ma":15000,"bus_range_v":16}]}""",
        "calibration 81920 exceeds 65534")]
    [InlineData("""{"v":1,"device":"rack12-node07-r","rev":1,"channels":[{"id":16,"kind":"ina219","addr":64,"shunt_uohm":1001,"max_ma":50000,"rate_hz":20,"adc_avg":128}]}""",
        "decoder: out_of_range at channels[0].rate")]
    [InlineData("""{"v":1,"device":"rack12-node07-r","rev":1,"channels":[{"id":16,"kind":"ina219","addr":64,"shunt_uohm":1001,"max_ma":50000,"rate_hz":13,"adc_avg":128}]}""",
        "rate_hz 13 with adc_avg 128 leaves less than 20 % margin")]
    [InlineData("""{"v":1,"device":"rack12-node07-r","rev":1,"channels":[{"id":16,"kind":"ina219","addr":64,"shunt_uohm":1001,"max_ma":50000,"rate_hz":24}]}""",
        "rate_hz 24 with adc_avg 64")]
    [InlineData("""{"v":1,"device":"rack12-node07-a","rev":8,"channels":[{"id":0,"kind":"pzem004t","addr":1,"gain":1005154}]}""",
        "unknown_field")]
    [InlineData("""{"v":1,"device":"rack12-node07-a","rev":8,"channels":[{"id":0,"kind":"pzem004t","addr":1},{"id":1,"kind":"pzem004t","addr":1}]}""",
        "duplicate_address")]
    [InlineData("""{"v":1,"device":"rack12-node07-a","rev":8,"channels":[{"id":0,"kind":"pzem004t","addr":1,"shunt_uohm":1000}]}""",
        "not_allowed")]
    public void The_check_refuses_what_the_firmware_would_refuse_and_says_why(string json, string reason)
    {
        Assert.Contains(reason, FirmwareConfigCheck.Problem(json), StringComparison.Ordinal);
    }
}
