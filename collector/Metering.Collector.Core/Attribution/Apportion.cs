namespace Metering.Collector.Attribution;

/// <summary>Exact integer apportionment (largest remainder, Hamilton's method) in 128-bit arithmetic.</summary>
internal static class Apportion
{
    /// <summary>
    /// Splits <paramref name="total"/> in proportion to <paramref name="weights"/> into integers that sum to it exactly:
    /// each part is floor(total x w / sum) and the leftover units (fewer than the parts) go one each to the largest
    /// remainders, ties to the lower index. Each part lies within 1 of its exact share.
    /// </summary>
    public static long[] LargestRemainder(long total, ReadOnlySpan<long> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        Int128 sum = 0;
        foreach (var w in weights)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(w, nameof(weights));
            sum += w;
        }

        if (sum == 0)
        {
            throw new ArgumentException("the weights sum to 0", nameof(weights));
        }

        var parts = new long[weights.Length];
        var remainders = new Int128[weights.Length];
        var given = 0L;
        for (var i = 0; i < weights.Length; i++)
        {
            var product = (Int128)total * weights[i];
            parts[i] = (long)(product / sum);
            remainders[i] = product % sum;
            given += parts[i];
        }

        for (var left = total - given; left > 0; left--)
        {
            var best = -1;
            for (var i = 0; i < remainders.Length; i++)
            {
                if (remainders[i] >= 0 && (best < 0 || remainders[i] > remainders[best]))
                {
                    best = i;
                }
            }

            parts[best]++;
            remainders[best] = -1;   // one extra unit per part at most
        }

        return parts;
    }
}
