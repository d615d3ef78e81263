using Metering.Collector.Points;

namespace Metering.Collector.Tests;

/// <summary>PrintableText: what outside text looks like once it is safe to print on a terminal, in a CSV cell or a log line.</summary>
public sealed class PrintableTextTests
{
    [Theory]
    [InlineData("slurm:4711", "slurm:4711")]
    [InlineData("été, 日本語, emoji 🙂", "été, 日本語, emoji 🙂")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("a\tb", "a\\tb")]
    [InlineData("\u001b[31m", "\\u001B[31m")]
    [InlineData("\u0000\u0007\u0008\u007f", "\\u0000\\u0007\\u0008\\u007F")]
    [InlineData("c1 \u0085 \u009b", "c1 \\u0085 \\u009B")]
    [InlineData("line\u2028sep\u2029", "line\\u2028sep\\u2029")]
    [InlineData("\u200e\u200f\u202a\u202e\u2066\u2069", "\\u200E\\u200F\\u202A\\u202E\\u2066\\u2069")]
    [InlineData("back\\slash stays", "back\\slash stays")]
    [InlineData("", "")]
    public void Unsafe_characters_become_escapes_and_the_rest_is_kept(string text, string expected) =>
        Assert.Equal(expected, PrintableText.Escape(text));

    [Fact]
    public void Null_stays_null_and_safe_text_is_the_same_string()
    {
        const string safe = "nothing to escape";
        Assert.Null(PrintableText.Escape(null));
        Assert.Same(safe, PrintableText.Escape(safe));
    }
}
