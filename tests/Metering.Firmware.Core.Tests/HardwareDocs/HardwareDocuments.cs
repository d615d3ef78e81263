using System.Reflection;
using System.Text.RegularExpressions;

namespace Metering.Firmware.Core.Tests.HardwareDocs;

/// <summary>
/// The documents in hardware/, split the way the tests read them (hardware/README.md, "Examples the tests check"):
/// fenced blocks with their info string, worked-example regions, and the text outside <c>json</c> blocks.
/// </summary>
internal static partial class HardwareDocuments
{
    private static readonly string Root = typeof(HardwareDocuments).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>Every hardware/*.md file, by name ("calibration.md").</summary>
    public static IReadOnlyDictionary<string, string[]> Files { get; } = Directory
        .GetFiles(Path.Combine(Root, "hardware"), "*.md")
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToDictionary(f => Path.GetFileName(f), f => File.ReadAllLines(f), StringComparer.Ordinal);

    /// <summary>Every fenced block of every document, with its indentation removed.</summary>
    public static IReadOnlyList<FencedBlock> Blocks { get; } = Files.SelectMany(f => FencedBlocks(f.Key, f.Value)).ToList();

    /// <summary>Every worked-example region of every document.</summary>
    public static IReadOnlyList<WorkedExample> WorkedExamples { get; } = Files.SelectMany(f => Regions(f.Key, f.Value)).ToList();

    /// <summary>Comment lines that mention a worked example but are neither a readable start nor an end marker.</summary>
    public static IReadOnlyList<string> MalformedMarkers { get; } = Files
        .SelectMany(f => f.Value.Select((l, i) => (Place: $"{f.Key}:{i + 1}", Line: l.Trim())))
        .Where(l => l.Line.StartsWith("<!--", StringComparison.Ordinal) && l.Line.Contains("worked-example", StringComparison.Ordinal))
        .Where(l => !RegionStart().IsMatch(l.Line) && l.Line != "<!-- /worked-example -->")
        .Select(l => $"{l.Place} '{l.Line}'")
        .ToList();

    /// <summary>Each line of every document that is not inside a <c>json</c> block, with its place.</summary>
    public static IEnumerable<(string Place, string Line)> LinesOutsideJsonBlocks()
    {
        foreach (var (name, lines) in Files)
        {
            var inside = Blocks.Where(b => b.File == name && b.Info == "json")
                .SelectMany(b => Enumerable.Range(b.FirstLine, b.LineCount)).ToHashSet();
            for (var i = 0; i < lines.Length; i++)
            {
                if (!inside.Contains(i + 1))
                {
                    yield return ($"{name}:{i + 1}", lines[i]);
                }
            }
        }
    }

    /// <summary>The lines between the marker <c>&lt;!-- table: NAME --&gt;</c> and the end of the table after it.</summary>
    public static string[] TableRows(string file, string name)
    {
        var lines = Files[file];
        var start = Array.FindIndex(lines, l => l.Trim() == $"<!-- table: {name} -->");
        Assert.True(start >= 0, $"{file} has no '<!-- table: {name} -->'");
        return lines.Skip(start + 1).Select(l => l.Trim()).TakeWhile(l => l.StartsWith('|')).Skip(2).ToArray();
    }

    /// <summary>The cells of a Markdown table row, trimmed.</summary>
    public static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static IEnumerable<FencedBlock> FencedBlocks(string file, string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var indent = open.Groups["indent"].Value.Length;
            var end = i + 1;
            while (end < lines.Length && !ClosingFence().IsMatch(lines[end]))
            {
                end++;
            }

            Assert.True(end < lines.Length, $"{file}:{i + 1}: a fenced block that never closes");
            var body = lines[(i + 1)..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart());
            yield return new FencedBlock(file, i + 2, end - i - 1, open.Groups["info"].Value.Trim(), string.Join('\n', body));
            i = end;
        }
    }

    private static IEnumerable<WorkedExample> Regions(string file, string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var open = RegionStart().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "<!-- /worked-example -->");
            Assert.True(end > i, $"{file}:{i + 1}: worked example '{open.Groups["name"].Value}' has no '<!-- /worked-example -->'");
            yield return new WorkedExample(file, i + 1, open.Groups["name"].Value, lines[(i + 1)..end].Select(l => l.Trim()).ToArray());
            i = end;
        }
    }

    [GeneratedRegex(@"^(?<indent>\s*)```(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*```\s*$")]
    private static partial Regex ClosingFence();

    [GeneratedRegex(@"^\s*<!-- worked-example: (?<name>[a-z0-9-]+) -->\s*$")]
    private static partial Regex RegionStart();
}

/// <summary>A fenced block: its document, first content line (1-based), line count, info string and content.</summary>
internal sealed record FencedBlock(string File, int FirstLine, int LineCount, string Info, string Text)
{
    public override string ToString() => $"{File}:{FirstLine}";
}

/// <summary>A worked-example region: its document, marker line, name and trimmed lines.</summary>
internal sealed record WorkedExample(string File, int Line, string Name, string[] Lines)
{
    public override string ToString() => $"{Name} ({File}:{Line})";
}
