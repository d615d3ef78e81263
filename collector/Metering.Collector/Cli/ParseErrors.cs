using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using System.Text.RegularExpressions;
using Metering.Collector.Host.Settings;

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
        var commands = Commands(parsed.CommandResult);
        var names = commands.SelectMany(c => c.Subcommands.Select(s => s.Name).Concat(c.Options.SelectMany(o => o.Aliases.Prepend(o.Name))))
            .Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        foreach (var error in parsed.Errors)
        {
            text.Append("error: ").Append(error.Message);
            if (error.Message.StartsWith("Unrecognized", StringComparison.Ordinal) && Quoted().Match(error.Message) is { Success: true } m
                && SettingsKeys.Nearest(m.Groups[1].Value, names) is { } near)
            {
                text.Append(" (did you mean ").Append(near).Append("?)");
            }

            text.Append('\n');
        }

        return text.Append('`').Append(string.Join(' ', commands.Select(c => c is RootCommand ? "metering" : c.Name)))
            .Append(" --help` lists the commands and options\n").ToString();
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

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();
}
