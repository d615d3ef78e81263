using Metering.Protocol.Schema;
using YamlDotNet.RepresentationModel;

namespace Metering.Protocol.Tests;

/// <summary>asyncapi.yaml parses, is AsyncAPI 3.0, and describes the same topics and payload fields as the code.</summary>
public sealed class AsyncApiTests
{
    private static readonly YamlMappingNode Root = Load();

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Repo.Path("shared/Metering.Protocol/asyncapi.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    [Fact]
    public void Is_an_asyncapi_3_document()
    {
        Assert.Equal("3.0.0", Scalar(Root, "asyncapi"));
        Assert.Equal("application/json", Scalar(Root, "defaultContentType"));
    }

    [Fact]
    public void Its_channel_addresses_equal_the_topic_templates_in_code()
    {
        var addresses = Map(Root, "channels").Children.Values.Select(c => Scalar(c, "address"));

        Assert.Equal(Topics.Templates.Order(), addresses.Order());
    }

    [Theory]
    [InlineData("telemetry", 1, false)]
    [InlineData("status", 1, true)]
    [InlineData("config", 1, true)]
    [InlineData("event", 1, false)]
    public void Each_channel_has_an_operation_with_the_contract_qos_and_retain_flag(string channel, int qos, bool retain)
    {
        var operation = Map(Root, "operations").Children.Values.Single(o =>
            Scalar(Map(o, "channel"), "$ref") == "#/channels/" + channel);
        var mqtt = Map(Map(operation, "bindings"), "mqtt");

        Assert.Equal(qos.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(mqtt, "qos"));
        Assert.Equal(retain ? "true" : "false", Scalar(mqtt, "retain"));
    }

    [Theory]
    [InlineData("Telemetry", "telemetry")]
    [InlineData("TelemetryChannel", "telemetry-channel")]
    [InlineData("Status", "status")]
    [InlineData("StatusChannel", "status-channel")]
    [InlineData("Config", "config")]
    [InlineData("ConfigChannel", "config-channel")]
    [InlineData("Event", "event")]
    public void Each_payload_schema_has_the_code_fields_ranges_and_required_list(string schema, string table)
    {
        var specs = table switch
        {
            "telemetry" => TelemetryFields.All,
            "telemetry-channel" => ChannelReadingFields.All,
            "status" => StatusFields.All,
            "status-channel" => ChannelHealthFields.All,
            "config" => ConfigFields.All,
            "config-channel" => ChannelConfigFields.All,
            _ => EventFields.All,
        };
        var node = Map(Map(Map(Root, "components"), "schemas"), schema);
        var properties = Map(node, "properties");
        var required = ((YamlSequenceNode)node["required"]).Children.Select(n => ((YamlScalarNode)n).Value);

        Assert.Equal(specs.Select(s => s.Name), properties.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal(specs.Where(s => s.Presence == Presence.Required).Select(s => s.Name), required);
        foreach (var spec in specs)
        {
            var p = properties[spec.Name];
            var (minKey, maxKey) = spec.Type switch
            {
                FieldType.Integer => ("minimum", "maximum"),
                FieldType.String => ("minLength", "maxLength"),
                FieldType.Array => ("minItems", "maxItems"),
                _ => (null, null),
            };
            if (minKey is not null)
            {
                Assert.Equal(spec.Min.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(p, minKey));
                Assert.Equal(spec.Max.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(p, maxKey!));
            }
        }
    }

    [Fact]
    public void Its_embedded_examples_are_the_example_files()
    {
        var text = File.ReadAllText(Repo.Path("shared/Metering.Protocol/asyncapi.yaml"));

        foreach (var file in new[] { "telemetry.json", "telemetry-new-epoch.json", "status-online.json", "status-replaced-board.json", "status-offline.json", "config.json", "event-config-rejected.json" })
        {
            Assert.Contains("payload: " + File.ReadAllText(Repo.Example(file)) + "\n", text);
        }
    }
}
