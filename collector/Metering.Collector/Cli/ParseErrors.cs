using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using System.Text.RegularExpressions;

namespace Metering.Collector.Cli;

/// <summary>
/// A command line the parser refused, said on stderr: one <c>error:</c> line per problem, the nearest command or
/// option name for a word it did not recognise (<c>metering reprot</c>: did you mean <c>report</c>?), and where the
/// options are listed. System.CommandLine's own answer printed the whole help to stdout and suggested unrelated names.
/// </summary>
internal static partial class ParseErrors
{
    /// <summary>The lines for <paramref name="parsed"/>'s errors, each ending in a newline.</summary>
    public static string Describe(ParseResult parsed)
    {
        // The names a mistyped word may have meant: the commands and options of the command reached and its parents.
        var names = Commands(parsed.CommandResult).SelectMany(c => c.Subcommands.Select(s => s.Name).Concat(c.Options.SelectMany(o => o.Aliases.Prepend(o.Name))))
            .Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        foreach (var error in parsed.Errors)
        {
            text.Append("error: ").Append(error.Message);
            if (error.Message.StartsWith("Unrecognized", StringComparison.Ordinal) && Quoted().Match(error.Message) is { Success: true } m
                && Nearest(m.Groups[1].Value, names) is { } near)
            {
                text.Append(" (did you mean ").Append(near).Append("?)");
            }

            text.Append('\n');
        }

        return text.Append('`').Append(string.Join(' ', Commands(parsed.CommandResult).Select(c => c is RootCommand ? "metering" : c.Name)))
            .Append(" --help` lists the commands and options\n").ToString();
    }

    /// <summary>The name closest to <paramref name="word"/> by edit distance, when close enough to be a typo (at most a third of its letters).</summary>
    internal static string? Nearest(string word, IEnumerable<string> names)
    {
        var best = names.Select(n => (Name: n, Distance: Distance(word, n))).OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(1, word.Length / 3) ? best.Name : null;
    }

    /// <summary>The command reached and its parents, root first.</summary>
    private static List<Command> Commands(CommandResult result)
    {
        var commands = new List<Command>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                commands.Insert(0, c.Command);
            }
        }

        return commands;
    }

    /// <summary>Levenshtein distance, with a swap of two neighbouring letters counted as one edit.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();
}
