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

    [Fact]
    public void Every_command_ends_its_description_with_an_example()
    {
        var commands = All(MeteringCli.Build()).Where(c => c is not RootCommand && c.Subcommands.Count == 0).ToList();

        Assert.All(commands, c => Assert.Matches(@"Example: .*metering \w", c.Description ?? string.Empty));
    }
}
