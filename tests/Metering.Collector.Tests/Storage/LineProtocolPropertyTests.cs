using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Points;

namespace Metering.Collector.Tests.Storage;

/// <summary>Any point the writer accepts parses back to itself (tags sorted, empty tags dropped), awkward characters included.</summary>
public sealed class LineProtocolPropertyTests
{
    [Property(MaxTest = 1000)]
    public Property A_point_round_trips_exactly() =>
        Prop.ForAll(PointGen.Point.ToArbitrary(), p =>
        {
            var line = LineProtocol.ToLine(p);
            var back = LineProtocol.Parse(line);
            return PointText.Canonical(p) == PointText.Describe(back) && line == LineProtocol.ToLine(back);
        });

    [Property(MaxTest = 200)]
    public Property A_batch_round_trips_exactly() =>
        Prop.ForAll(PointGen.Point.ListOf().ToArbitrary(), points =>
        {
            var buffer = new LineProtocolBuffer(8);
            buffer.AppendRange(points);
            var back = LineProtocol.ParseBatch(buffer.Written.Span);
            return points.Select(PointText.Canonical).SequenceEqual(back.Select(PointText.Describe));
        });
}

/// <summary>Points with the characters line protocol must escape, backslashes, quotes, line breaks in strings and unicode.</summary>
internal static class PointGen
{
    // Pieces of identifiers. A backslash only comes followed by a letter: the rules refuse it elsewhere.
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.Elements("a", "b", "z", "0", "9", "_", "-", ".", "#"),
        Gen.Elements(",", "=", " ", "\"", "'", "\\x", "\\\\y", "{", "}", "\t"),
        Gen.Elements("é", "ü", "☃", "中", "😀", "\u00a0"));

    private static readonly Gen<string> Identifier =
        from n in Gen.Choose(1, 8)
        from pieces in Piece.ArrayOf(n)
        let s = string.Concat(pieces)
        where s != "time"
        select s;

    private static readonly Gen<string> StringValue =
        from n in Gen.Choose(0, 10)
        from pieces in Gen.OneOf(Piece, Gen.Elements("\\", "\"", "\n", "\r\n", "\\\"", "\"\\")).ArrayOf(n)
        select string.Concat(pieces);

    private static readonly Gen<double> Double = Gen.OneOf(
        Gen.Elements(0.0, -0.0, 1.0, -1.5, 0.1, 1e20, 1e-5, double.MaxValue, double.MinValue, double.Epsilon, 123456789.123456789),
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1 << 32) | (uint)t.Item2))
            .Where(double.IsFinite));

    private static readonly Gen<long> Long = Gen.OneOf(
        Gen.Elements(0L, -1L, long.MinValue, long.MaxValue, 9_007_199_254_740_993L),
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) | (uint)t.Item2));

    private static readonly Gen<object> Value = Gen.OneOf(
        Long.Select(v => (object)v), Double.Select(v => (object)v), Gen.Elements<object>(true, false), StringValue.Select(v => (object)v));

    public static readonly Gen<Point> Point =
        from measurement in Identifier.Where(m => m[0] != '#')
        from tagKeys in Identifier.ListOf()
        from tagValues in Gen.OneOf(Identifier, Gen.Constant(string.Empty)).ArrayOf(tagKeys.Count)
        from fieldKeys in Identifier.NonEmptyListOf()
        from values in Value.ArrayOf(fieldKeys.Count)
        from timestamp in Gen.OneOf(Long, Gen.Constant(1_700_000_000_000L))
        select new Point(
            measurement,
            tagKeys.Select((k, i) => new Tag(k, tagValues[i])).DistinctBy(t => t.Key).ToList(),
            fieldKeys.Select((k, i) => new Field(k, values[i])).DistinctBy(f => f.Key).ToList(),
            timestamp);
}
