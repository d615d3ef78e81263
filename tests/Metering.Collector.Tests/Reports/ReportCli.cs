using System.CommandLine;
using Metering.Collector.Cli;

namespace Metering.Collector.Tests.Reports;

/// <summary>`metering report ...` parsed and run in-process, its output and errors captured.</summary>
internal static class ReportCli
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var root = new RootCommand("test") { ReportCommands.Create() };
        using StringWriter output = new(), error = new();
        var code = await root.Parse(["report", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs against the fixture's data directory; fails the test unless the exit code is 0.</summary>
    public static async Task<string> OutputAsync(ReportFixture fixture, params string[] args)
    {
        var (code, output, error) = await RunAsync([.. args, "--data", fixture.DataDirectory]);
        Assert.True(code == 0, $"exit {code}: {error}");
        return output;
    }
}

/// <summary>Reads a table back by the columns its rule of dashes marks.</summary>
internal static class TableText
{
    /// <summary>The rows under the header, each as header -> cell; rule lines and the flags notes are skipped.</summary>
    public static List<Dictionary<string, string>> Rows(string table)
    {
        var lines = table.Split('\n');
        var rule = lines[1];
        Assert.Matches("^[- ]+$", rule);
        var columns = new List<(int Start, int Length)>();
        for (var i = 0; i < rule.Length; i++)
        {
            if (rule[i] == '-' && (i == 0 || rule[i - 1] == ' '))
            {
                var end = rule.IndexOf(' ', i);
                columns.Add((i, (end < 0 ? rule.Length : end) - i));
            }
        }

        string Cell(string line, (int Start, int Length) c) =>
            c.Start >= line.Length ? string.Empty : line.Substring(c.Start, Math.Min(c.Length, line.Length - c.Start)).Trim();

        var headers = columns.Select(c => Cell(lines[0], c)).ToList();
        return [.. lines.Skip(2).TakeWhile(l => l.Length > 0).Where(l => l != rule)
            .Select(l => headers.Select((h, i) => (h, Cell(l, columns[i]))).ToDictionary(p => p.h, p => p.Item2))];
    }

    /// <summary>"1.23 kWh" or "456 Wh" as mJ, and how far that may be from the exact value (half the last digit).</summary>
    public static (double Millijoules, double Tolerance) Energy(string text)
    {
        var (value, unit, decimals) = Split(text);
        var scale = unit switch { "Wh" => 3.6e6, "kWh" => 3.6e9, _ => throw new FormatException(text) };
        return (value * scale, 0.5 * Math.Pow(10, -decimals) * scale);
    }

    /// <summary>"789 g" or "1.20 kg" as g, with its tolerance.</summary>
    public static (double Grams, double Tolerance) Mass(string text)
    {
        var (value, unit, decimals) = Split(text);
        var scale = unit switch { "g" => 1.0, "kg" => 1000.0, _ => throw new FormatException(text) };
        return (value * scale, 0.5 * Math.Pow(10, -decimals) * scale);
    }

    private static (double Value, string Unit, int Decimals) Split(string text)
    {
        var parts = text.Split(' ');
        var dot = parts[0].IndexOf('.', StringComparison.Ordinal);
        return (double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1], dot < 0 ? 0 : parts[0].Length - dot - 1);
    }
}

/// <summary>An RFC 4180 reader, strict: quoted fields, doubled quotes, CRLF record ends.</summary>
internal static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (!(text[i] == '"' && (i + 1 == text.Length || text[i + 1] != '"')))
                {
                    field.Append(text[i]);
                    i += text[i] == '"' ? 2 : 1;
                }

                i++;
                Assert.True(i == text.Length || text[i] is ',' or '\r', $"a quoted field must end at a comma or CRLF (offset {i})");
                continue;
            }

            switch (text[i])
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    Assert.Equal('\n', text[i + 1]);
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    i += 2;
                    break;
                default:
                    Assert.NotEqual('\n', text[i]);
                    field.Append(text[i++]);
                    break;
            }
        }

        Assert.True(fields.Count == 0 && field.Length == 0, "the last record must end with CRLF");
        return records;
    }
}
