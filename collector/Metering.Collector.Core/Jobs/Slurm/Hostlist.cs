using System.Globalization;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// Slurm's compressed host lists: "gpu[01-03,07],login1" is gpu01, gpu02, gpu03, gpu07, login1. Ranges keep their
/// zero padding; several bracket groups in one name expand as a product ("r[1-2]n[1-2]": r1n1, r1n2, r2n1, r2n2).
/// </summary>
public static class Hostlist
{
    /// <summary>The names in <paramref name="hostlist"/>, in order; empty for an empty list.</summary>
    /// <exception cref="FormatException">Unbalanced brackets or a range that is not digits.</exception>
    public static IReadOnlyList<string> Expand(string hostlist)
    {
        ArgumentNullException.ThrowIfNull(hostlist);
        var names = new List<string>();
        foreach (var item in SplitTopLevel(hostlist, ','))
        {
            if (item.Length > 0)
            {
                ExpandItem(item, names);
            }
        }

        return names;
    }

    private static void ExpandItem(string item, List<string> names)
    {
        var open = item.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            names.Add(item.Contains(']', StringComparison.Ordinal) ? throw Bad(item) : item);
            return;
        }

        var close = item.IndexOf(']', open);
        if (close < 0)
        {
            throw Bad(item);
        }

        var prefix = item[..open];
        var rest = item[(close + 1)..];
        foreach (var part in item[(open + 1)..close].Split(','))
        {
            foreach (var number in Range(part, item))
            {
                ExpandItem(prefix + number + rest, names);
            }
        }
    }

    private static IEnumerable<string> Range(string part, string item)
    {
        var dash = part.IndexOf('-', StringComparison.Ordinal);
        var from = dash < 0 ? part : part[..dash];
        var to = dash < 0 ? part : part[(dash + 1)..];
        if (!int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            || !int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var high) || high < low)
        {
            throw Bad(item);
        }

        for (var n = low; n <= high; n++)
        {
            yield return n.ToString(CultureInfo.InvariantCulture).PadLeft(from.Length, '0');
        }
    }

    private static IEnumerable<string> SplitTopLevel(string text, char separator)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (depth < 0 || depth > 1)
            {
                throw Bad(text);
            }

            if (depth == 0 && text[i] == separator)
            {
                yield return text[start..i].Trim();
                start = i + 1;
            }
        }

        yield return depth == 0 ? text[start..].Trim() : throw Bad(text);
    }

    private static FormatException Bad(string text) => new($"not a Slurm host list: '{text}'");
}
