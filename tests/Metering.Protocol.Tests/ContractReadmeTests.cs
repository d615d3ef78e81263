using System.Text.RegularExpressions;
using Metering.Protocol.Schema;

namespace Metering.Protocol.Tests;

/// <summary>The contract README is the source of truth: its tables must equal the field specs the code checks against.</summary>
public sealed partial class ContractReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Repo.Path("shared/Metering.Protocol/README.md"));

    private static readonly string[] TableNames = ["telemetry", "telemetry-channel", "status", "status-channel", "config", "config-channel", "event"];

    public static TheoryData<string> Tables() => [.. TableNames];

    private static FieldSpec[] SpecsOf(string table) => table switch
    {
        "telemetry" => TelemetryFields.All,
        "telemetry-channel" => ChannelReadingFields.All,
        "status" => StatusFields.All,
        "status-channel" => ChannelHealthFields.All,
        "config" => ConfigFields.All,
        "config-channel" => ChannelConfigFields.All,
        "event" => EventFields.All,
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    private static List<string[]> Rows(string marker)
    {
        var start = Readme.IndexOf($"<!-- {marker} -->", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no '<!-- {marker} -->' table");
        return Readme[start..].Split('\n').Skip(1)
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
    }

    private static string TypeName(FieldType t) => t switch
    {
        FieldType.Integer => "integer",
        FieldType.String => "string",
        FieldType.Boolean => "boolean",
        _ => "array",
    };

    private static string RangeText(FieldSpec s) => s.Type switch
    {
        FieldType.Integer => $"{s.Min}..{s.Max}",
        FieldType.String => $"{s.Min}..{s.Max} chars",
        FieldType.Boolean => "true, false",
        _ => $"{s.Min}..{s.Max} items",
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Each_table_lists_exactly_the_fields_the_code_checks_in_canonical_order(string table)
    {
        var rows = Rows("fields: " + table);
        var expected = SpecsOf(table).Select(s => $"`{s.Name}` | {TypeName(s.Type)} | {s.Unit} | {RangeText(s)} | {s.Presence.ToString().ToLowerInvariant()}");

        var actual = rows.Select(r => string.Join(" | ", r.Take(5)));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Every_field_has_a_type_a_unit_or_none_a_range_and_a_meaning(string table)
    {
        foreach (var row in Rows("fields: " + table))
        {
            Assert.Equal(6, row.Length);
            Assert.All(row, cell => Assert.False(string.IsNullOrWhiteSpace(cell), $"{table}: empty cell in {string.Join('|', row)}"));
        }
    }

    [Fact]
    public void Every_integer_field_with_a_physical_quantity_carries_its_unit_in_its_name()
    {
        var suffix = new Dictionary<string, string> { ["mJ"] = "_mj", ["mW"] = "_mw", ["mV"] = "_mv", ["mA"] = "_ma", ["ms"] = "_ms", ["s"] = "_s", ["bytes"] = "_b", ["dBm"] = "_dbm", ["ppm"] = "_ppm", ["µΩ"] = "_uohm", ["Hz"] = "_hz", ["V"] = "_v" };
        var all = TableNames.SelectMany(SpecsOf).Where(s => s.Unit != "none");

        Assert.All(all, s => Assert.EndsWith(suffix[s.Unit], s.Name));
    }

    [Fact]
    public void The_reasons_table_documents_every_reason_code()
    {
        var documented = Rows("reasons").Select(r => r[0].Trim('`')).ToList();

        Assert.Equal(ErrorReasons.All.Select(ErrorReasons.Code), documented);
    }

    [Fact]
    public void Every_example_file_appears_verbatim_in_the_readme()
    {
        foreach (var file in Directory.GetFiles(Repo.Path("shared/Metering.Protocol/examples"), "*.json"))
        {
            var text = File.ReadAllText(file);
            Assert.Contains("```json\n" + text + "\n```", Readme);
        }
    }

    [Fact]
    public void The_topics_table_lists_the_four_topic_templates()
    {
        var topics = Rows("topics").Select(r => r[0].Trim('`'));

        Assert.Equal(Topics.Templates, topics);
    }

    [Fact]
    public void The_limits_the_readme_states_are_the_code_limits()
    {
        Assert.Contains($"at most **{ProtocolLimits.MaxPayloadBytes} bytes**", Readme);
        Assert.Contains($"Nesting is at most {ProtocolLimits.MaxDepth} deep", Readme);
        Assert.Contains($"| channels per message | {ProtocolLimits.MaxChannels} ", Readme);
        Assert.Contains($"| channel ids | 0..{ProtocolLimits.MaxChannelId} |", Readme);
        Assert.Matches(InvalidCount(), Readme);
        var count = int.Parse(InvalidCount().Match(Readme).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(File.ReadAllLines(Repo.Example("invalid/cases.tsv")).Count(l => l.Length > 0 && !l.StartsWith('#')), count);
    }

    [GeneratedRegex(@"holds (\d+) refused documents")]
    private static partial Regex InvalidCount();
}
