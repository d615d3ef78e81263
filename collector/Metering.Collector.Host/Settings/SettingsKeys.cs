using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Metering.Collector.Host.Settings;

/// <summary>
/// Finds configuration keys that bind to nothing, so a typo is an error naming the key and where it came from
/// (<c>unknown setting Storag:Sink (--Storag:Sink on the command line; did you mean Storage?)</c>) instead of a silent
/// default, as Telegraf does. A key is known when it names a public settable property of the settings type at its
/// place (case-insensitive, as the binder matches), an index of a list, or a key of a dictionary.
/// </summary>
public static class SettingsKeys
{
    /// <summary>Sections the collector does not bind but the web host of <c>metering serve</c> reads (logging levels).</summary>
    public static readonly IReadOnlyList<string> HostSections = ["Logging", "AllowedHosts"];

    /// <summary>One message per unknown key of <paramref name="configuration"/> against <paramref name="settingsType"/>.</summary>
    public static IReadOnlyList<string> Unknown(IConfigurationRoot configuration, Type settingsType)
    {
        var unknown = new List<(string Path, string? Suggestion)>();
        foreach (var section in configuration.GetChildren())
        {
            if (!HostSections.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            {
                WalkProperty(section, settingsType, unknown);
            }
        }

        return [.. unknown.SelectMany(u => Leaves(configuration.GetSection(u.Path)).Select(leaf => Describe(configuration, leaf, u.Suggestion)))];
    }

    private static void Walk(IConfigurationSection section, Type type, List<(string, string?)> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            foreach (var child in section.GetChildren())
            {
                unknown.Add((child.Path, null));
            }
        }
        else if (DictionaryValue(type) is { } value)
        {
            foreach (var child in section.GetChildren())
            {
                Walk(child, value, unknown);
            }
        }
        else if (ListElement(type) is { } element)
        {
            foreach (var child in section.GetChildren())
            {
                if (int.TryParse(child.Key, out _))
                {
                    Walk(child, element, unknown);
                }
                else
                {
                    unknown.Add((child.Path, null));
                }
            }
        }
        else
        {
            foreach (var child in section.GetChildren())
            {
                WalkProperty(child, type, unknown);
            }
        }
    }

    private static void WalkProperty(IConfigurationSection section, Type owner, List<(string, string?)> unknown)
    {
        var properties = Settable(owner);
        var property = properties.FirstOrDefault(p => string.Equals(p.Name, section.Key, StringComparison.OrdinalIgnoreCase));
        if (property is null)
        {
            var parent = section.Path[..^section.Key.Length];
            unknown.Add((section.Path, Nearest(section.Key, properties.Select(p => p.Name)) is { } near ? parent + near : null));
        }
        else
        {
            Walk(section, property.PropertyType, unknown);
        }
    }

    private static List<PropertyInfo> Settable(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)];

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(Uri);

    private static Type? DictionaryValue(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(Dictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ListElement(Type type) => type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0]
        : null;

    private static IEnumerable<string> Leaves(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        return children.Count == 0 ? [section.Path] : children.SelectMany(Leaves);
    }

    private static string Describe(IConfigurationRoot configuration, string path, string? suggestion)
    {
        var source = configuration.Providers.Reverse().FirstOrDefault(p => p.TryGet(path, out _)) switch
        {
            CommandLineConfigurationProvider => $"--{path} on the command line",
            EnvironmentVariablesConfigurationProvider => $"environment variable METERING__{path.Replace(":", "__", StringComparison.Ordinal)}",
            JsonConfigurationProvider json => $"in {json.Source.Path}",
            _ => null,
        };
        var hint = string.Join("; ", new[] { source, suggestion is null ? null : $"did you mean {suggestion}?" }.Where(h => h is not null));
        return $"unknown setting {path}" + (hint.Length > 0 ? $" ({hint})" : string.Empty);
    }

    /// <summary>
    /// The known name closest to <paramref name="key"/> when it is a likely typo (edit distance 1 or 2, case-insensitive),
    /// else null; the first of equally close names. Settings keys and the command line's words use the same rule.
    /// </summary>
    public static string? Nearest(string key, IEnumerable<string> names) =>
        names.Select(n => (Name: n, Distance: Distance(key.ToLowerInvariant(), n.ToLowerInvariant()))).Where(n => n.Distance <= 2)
            .OrderBy(n => n.Distance).Select(n => n.Name).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
