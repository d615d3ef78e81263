using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Metering.Collector.Host.Settings;

/// <summary>
/// Makes a configured list replace its default. The configuration binder appends configured items to a list
/// property's default (so <c>Broker:BindAddresses: ["0.0.0.0"]</c> would bind 127.0.0.1 and 0.0.0.0, and no
/// configuration could remove a default MQTT topic); after binding, every list that the configuration sets is bound
/// again, alone, and assigned.
/// </summary>
public static class SettingsLists
{
    /// <summary>Rebinds, in <paramref name="settings"/>, every list property that <paramref name="section"/> sets.</summary>
    public static void Replace(object settings, IConfiguration section)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var child = section.GetSection(property.Name);
            if (!child.GetChildren().Any())
            {
                continue;
            }

            var type = property.PropertyType;
            if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && !IsDictionary(type))
            {
                var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
                var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
                foreach (var item in child.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
                {
                    items.Add(item.Get(element));
                }

                property.SetValue(settings, type.IsArray ? ToArray(items, element) : items);
            }
            else if (property.GetValue(settings) is { } value && type.IsClass && type != typeof(string) && !IsDictionary(type))
            {
                Replace(value, child);
            }
        }
    }

    private static bool IsDictionary(Type type) => type.IsGenericType && type.GetInterfaces().Concat([type])
        .Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    private static Array ToArray(IList items, Type element)
    {
        var array = Array.CreateInstance(element, items.Count);
        items.CopyTo(array, 0);
        return array;
    }
}
