using System.Globalization;
using System.Text;

namespace Metering.Collector.Points;

/// <summary>
/// Text from outside (job labels, device ids, topics, refusal details) made safe to print on a terminal, in a CSV
/// cell or in a log line: every character that could move the cursor, end the line, recolour or retitle a terminal,
/// or reorder what follows it is written as an escape instead. So a label cannot forge a second log line or a table
/// row, and an ESC sequence cannot rewrite the screen. The text stays readable: everything else is kept as it is.
/// </summary>
public static class PrintableText
{
    /// <summary>
    /// <paramref name="text"/> with each unsafe character (<see cref="IsUnsafe"/>) escaped: <c>\n</c>, <c>\r</c>,
    /// <c>\t</c>, else <c>\u001B</c> (four hex digits). Null stays null; safe text comes back as the same string.
    /// </summary>
    public static string? Escape(string? text)
    {
        if (text is null || !text.Any(IsUnsafe))
        {
            return text;
        }

        var b = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (IsUnsafe(c))
                    {
                        b.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        return b.ToString();
    }

    /// <summary>
    /// True for C0 and C1 control characters and DEL (line ends, ESC, BEL, backspace), the Unicode line and paragraph
    /// separators, and the bidirectional formatting characters (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which
    /// make a terminal show text in another order than it is written.
    /// </summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
