namespace Metering.Collector.Intervals;

/// <summary>
/// Exact integer pro-rata splitting. The share of the first <c>part</c> of <c>whole</c> is
/// <c>floor(total x part / whole)</c>; a piece between two cut points is the difference of their cumulative shares.
/// Pieces are never negative, each is within 1 of its exact value, and consecutive pieces sum to the total exactly,
/// whatever the cuts: the rounding remainder falls deterministically on the pieces where the floor steps.
/// </summary>
public static class ProRata
{
    /// <summary>
    /// <c>floor(total x part / whole)</c>, computed without overflow: the cumulative share of the first
    /// <paramref name="part"/> units of <paramref name="whole"/>. Requires 0 &lt;= part &lt;= whole, whole &gt; 0, total &gt;= 0.
    /// </summary>
    public static long Cumulative(long total, long part, long whole)
    {
        if (whole <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(whole), whole, "must be positive");
        }

        if (part < 0 || part > whole)
        {
            throw new ArgumentOutOfRangeException(nameof(part), part, $"must lie in 0..{whole}");
        }

        if (total < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, "must not be negative");
        }

        return (long)((Int128)total * part / whole);
    }

    /// <summary>The piece of <paramref name="total"/> between cut points <paramref name="from"/> and <paramref name="to"/> of <paramref name="whole"/>.</summary>
    public static long Piece(long total, long from, long to, long whole) =>
        Cumulative(total, to, whole) - Cumulative(total, from, whole);
}
