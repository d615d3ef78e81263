using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Metering.Collector.Host.Settings;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Storage;
using Microsoft.Extensions.Configuration;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// The one configuration path (CollectorConfiguration): sources in order, unknown keys refused by name with where they
/// came from, configured lists replacing their defaults, and the committed sample file complete and valid.
/// </summary>
public sealed partial class ConfigurationTests : IDisposable
{
    private static readonly string Sample = Repo.Path("collector/Metering.Collector/appsettings.sample.json");
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_sample_configuration_loads_validates_and_equals_the_defaults()
    {
        var (settings, errors) = Load(new ConfigurationSources { ConfigFile = Sample });

        Assert.Empty(errors);
        Assert.Empty(settings!.Validate());
        Assert.Equal(["127.0.0.1"], settings.Broker.BindAddresses);
        Assert.Equal(new CollectorSettings().Mqtt.Topics, settings.Mqtt.Topics);
        Assert.Equal(Leaves(new CollectorSettings()), Leaves(settings));
    }

    [Fact]
    public void The_sample_holds_every_setting_that_has_a_default()
    {
        var sample = new ConfigurationBuilder().AddJsonFile(Sample).Build();
        var missing = Leaves(new CollectorSettings()).Keys.Where(path => !sample.GetSection(path).Exists()).ToList();
        Assert.True(missing.Count == 0, "settings the sample does not show: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_readme_table_names_every_section_and_nothing_else()
    {
        var readme = File.ReadAllText(Repo.Path("collector/Metering.Collector/README.md"));
        var table = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n**", StringComparison.Ordinal)];
        var documented = TableKey().Matches(table).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Where(k => k.Length > 0)
            .Select(k => k.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        var settings = typeof(CollectorSettings).GetProperties().Where(p => p.SetMethod is not null).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(settings.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        var text = File.ReadAllText(Sample);
        Assert.All(settings, s => Assert.Contains($"\"{s}\"", text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "Storag": { "Sink": "sqlite" } }""", new string[0], "unknown setting Storag:Sink (in ", "did you mean Storage?)")]
    [InlineData("{}", new[] { "--dta", "/tmp/x" }, "unknown setting dta (--dta on the command line)", null)]
    [InlineData("{}", new[] { "--Storage:Sinc=sqlite" }, "unknown setting Storage:Sinc (--Storage:Sinc on the command line; did you mean Storage:Sink?)", null)]
    [InlineData("{}", new[] { "--Http:Url:Port=1" }, "unknown setting Http:Url:Port (--Http:Url:Port on the command line)", null)]
    [InlineData("""{ "Mqtt": { "Tls": true } }""", new string[0], "unknown setting Mqtt:Tls (in ", null)]
    [InlineData("""{ "Carbon": { "Zones": { "lab": { "GramsPerKwh": 52, "Source": "grid" } } } }""", new string[0], "unknown setting Carbon:Zones:lab:Source (in ", null)]
    public void An_unknown_key_is_refused_by_name_with_where_it_came_from(string file, string[] arguments, string expected, string? andAlso)
    {
        File.WriteAllText(_dir.File("appsettings.json"), file);

        var (settings, errors) = Load(new ConfigurationSources { WorkingDirectory = _dir.Path, Overrides = arguments });

        Assert.Null(settings);
        var error = Assert.Single(errors);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        if (andAlso is not null)
        {
            Assert.EndsWith(andAlso, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_configured_list_replaces_its_default_instead_of_adding_to_it()
    {
        var (settings, errors) = Load(new ConfigurationSources { Overrides = ["--Broker:BindAddresses:0=0.0.0.0", "--Mqtt:Topics:0=metering/v1/+/telemetry"] });

        Assert.Empty(errors);
        Assert.Equal(["0.0.0.0"], settings!.Broker.BindAddresses);
        Assert.Equal(["metering/v1/+/telemetry"], settings.Mqtt.Topics);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_refused_naming_its_key()
    {
        var (settings, errors) = Load(new ConfigurationSources { Overrides = ["--Broker:Port=abc"] });

        Assert.Null(settings);
        Assert.Contains("Broker:Port", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("-x")]
    public void An_argument_that_is_not_a_setting_is_refused(string stray)
    {
        var (settings, errors) = Load(new ConfigurationSources { Overrides = ["--Http:Url=http://127.0.0.1:1", stray] });

        Assert.Null(settings);
        Assert.StartsWith($"unexpected argument '{stray}'", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_apply_in_order_defaults_file_arguments_then_data()
    {
        File.WriteAllText(_dir.File("settings.json"), """{ "Http": { "Url": "http://127.0.0.1:9001" }, "NodeEnergy": { "BucketSeconds": 5 }, "DataDirectory": "from-file" }""");
        var sources = new ConfigurationSources
        {
            Defaults = new Dictionary<string, string?> { ["Http:Url"] = "http://127.0.0.1:9000", ["Attribution:RetentionMinutes"] = "30" },
            ConfigFile = _dir.File("settings.json"),
            Overrides = ["--NodeEnergy:BucketSeconds", "20"],
            DataDirectory = "from-argument",
        };

        var (settings, errors) = Load(sources);

        Assert.Empty(errors);
        Assert.Equal(30, settings!.Attribution.RetentionMinutes);
        Assert.Equal("http://127.0.0.1:9001", settings.Http.Url);
        Assert.Equal(20, settings.NodeEnergy.BucketSeconds);
        Assert.Equal("from-argument", settings.DataDirectory);
    }

    [Fact]
    public void A_missing_config_file_is_refused()
    {
        var (settings, errors) = Load(new ConfigurationSources { ConfigFile = _dir.File("nope.json") });

        Assert.Null(settings);
        Assert.Equal($"--config {_dir.File("nope.json")} does not exist", Assert.Single(errors));
    }

    [Fact]
    public void Serve_refuses_a_mistyped_option_by_name_instead_of_starting_on_defaults()
    {
        var (exit, output) = MeteringProcess.Run(_dir.Path, "serve --dta " + _dir.File("data"));

        Assert.Equal(2, exit);
        Assert.Contains("error: unknown setting dta (--dta on the command line)", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "metering-data")), "nothing started");
    }

    [Fact]
    public void Every_command_that_reads_settings_refuses_an_unknown_environment_key()
    {
        var environment = new Dictionary<string, string> { ["METERING__Storag__Sink"] = "influxdb1" };
        foreach (var command in new[] { "dead-letters", "inventory list", "carbon list", "report node n1", "job list" })
        {
            var (exit, output) = MeteringProcess.Run(_dir.Path, command, environment);

            Assert.True(exit == 2, $"metering {command} exited {exit}: {output}");
            Assert.Contains("unknown setting Storag:Sink (environment variable METERING__Storag__Sink; did you mean Storage?)", output, StringComparison.Ordinal);
        }
    }

    private static (CollectorSettings? Settings, IReadOnlyList<string> Errors) Load(ConfigurationSources sources) => CollectorConfiguration.Load(sources);

    /// <summary>Every scalar or list setting with a value, by its configuration path (dictionaries and null values left out).</summary>
    private static SortedDictionary<string, string> Leaves(object settings)
    {
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(object value, string prefix)
        {
            foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                var v = p.GetValue(value);
                var path = prefix + p.Name;
                if (v is null || (p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>)))
                {
                    continue;
                }

                if (v is string || v.GetType().IsPrimitive || v.GetType().IsEnum || v is TimeSpan)
                {
                    leaves[path] = Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!;
                }
                else if (v is IEnumerable items)
                {
                    leaves[path] = string.Join(",", items.Cast<object>());
                }
                else
                {
                    Walk(v, path + ":");
                }
            }
        }

        Walk(settings, string.Empty);
        return leaves;
    }

    [GeneratedRegex(@"^\| `([A-Za-z:]+)`(?:, `([A-Za-z:]+)`)? \|", RegexOptions.Multiline)]
    private static partial Regex TableKey();
}
