namespace Metering.Collector.Tests.Reports;

/// <summary>Reports/README.md's example output is what the command prints for the fixture, character for character.</summary>
public sealed class ReportReadmeTests(StoredSite site) : IClassFixture<StoredSite>
{
    private const string Prompt = "$ metering report ";

    private static readonly string Readme = File.ReadAllText(Repo.Path("collector/Metering.Collector/Reports/README.md"));

    /// <summary>Every ```text block that starts with a `$ metering report` line: its arguments and the output shown.</summary>
    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        var blocks = Readme.Split("```text\n")[1..].Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]);
        foreach (var block in blocks.Where(b => b.StartsWith(Prompt, StringComparison.Ordinal)))
        {
            var newline = block.IndexOf('\n', StringComparison.Ordinal);
            data.Add(block[Prompt.Length..newline], block[(newline + 1)..]);
        }

        return data;
    }

    [Fact]
    public void The_readme_shows_every_format_and_every_kind_of_table()
    {
        var args = Examples().Select(e => (string)e[0]).ToList();
        Assert.Contains(args, a => a.StartsWith("job ", StringComparison.Ordinal) && !a.Contains("--format", StringComparison.Ordinal));
        Assert.Contains(args, a => a.StartsWith("project ", StringComparison.Ordinal) && !a.Contains("--format", StringComparison.Ordinal));
        Assert.Contains(args, a => a.StartsWith("node ", StringComparison.Ordinal));
        Assert.Contains(args, a => a.EndsWith("--format csv", StringComparison.Ordinal));
        Assert.Contains(args, a => a.EndsWith("--format json", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Each_example_is_the_command_s_output_for_the_fixture(string args, string shown)
    {
        var output = await ReportCli.OutputAsync(site.Fixture, args.Split(' '));

        // Markdown keeps LF line ends; the CSV format writes CRLF as RFC 4180 asks.
        Assert.Equal(shown, output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
