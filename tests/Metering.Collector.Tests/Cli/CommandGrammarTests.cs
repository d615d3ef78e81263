using System.CommandLine;
using Metering.Collector.Cli;

namespace Metering.Collector.Tests.Cli;

/// <summary>One grammar across `metering`'s commands, checked over the whole command tree.</summary>
public sealed class CommandGrammarTests
{
    private static IEnumerable<Command> All(Command command) => command.Subcommands.SelectMany(All).Prepend(command);

    [Fact]
    public void Every_data_directory_option_is_spelled_data_with_data_dir_as_its_alias()
    {
        var options = All(MeteringCli.Build()).SelectMany(c => c.Options.Select(o => (Command: c.Name, Option: o)))
            .Where(x => x.Option.Name.Contains("data", StringComparison.Ordinal) || x.Option.Aliases.Any(a => a.Contains("data", StringComparison.Ordinal))).ToList();

        Assert.True(options.Count >= 10, $"expected the data directory option on most commands, found {options.Count}");
        Assert.All(options, x => Assert.True(x.Option.Name == "--data" && x.Option.Aliases.Contains("--data-dir"),
            $"`{x.Command}` spells its data directory option {x.Option.Name} ({string.Join(", ", x.Option.Aliases)})"));
    }

    [Theory]
    [InlineData("reprot project p", "error: Unrecognized command or argument 'reprot'. (did you mean report?)", "`metering --help`")]
    [InlineData("report job 1 --formt json", "error: Unrecognized command or argument '--formt'. (did you mean --format?)", "`metering report job --help`")]
    [InlineData("job end --id x", "error: Option '--state' is required.", "`metering job end --help`")]
    public void A_refused_command_line_is_said_on_stderr_with_the_nearest_name_not_the_whole_help(string arguments, string line, string where)
    {
        var r = MeteringCommand.Run(Path.GetTempPath(), null, arguments.Split(' '));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(line + "\n", r.Error, StringComparison.Ordinal);
        Assert.Contains(where + " lists the commands and options", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean end", r.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Output);
    }

    [Fact]
    public void Every_command_ends_its_description_with_an_example()
    {
        var commands = All(MeteringCli.Build()).Where(c => c is not RootCommand && c.Subcommands.Count == 0).ToList();

        Assert.All(commands, c => Assert.Matches(@"Example: .*metering \w", c.Description ?? string.Empty));
    }
}
