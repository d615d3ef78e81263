namespace Metering.Firmware.Core.Session
{
    /// <summary>
    /// Reconnect delays: capped exponential with jitter. Attempt n waits a random time in [d/2, d] where
    /// d = min(cap, base x 2^n), so a rack of meters that lost the broker together does not reconnect in step.
    /// </summary>
    public sealed class Backoff
    {
        private readonly long _baseMicroseconds;
        private readonly long _capMicroseconds;
        private readonly System.Random _random;
        private int _attempt;

        /// <summary>Creates a backoff from <paramref name="baseMilliseconds"/> doubling up to <paramref name="capMilliseconds"/>.</summary>
        public Backoff(int baseMilliseconds, int capMilliseconds, int seed)
        {
            if (baseMilliseconds < 1) throw new System.ArgumentOutOfRangeException("baseMilliseconds", "at least 1 ms");
            if (capMilliseconds < baseMilliseconds) throw new System.ArgumentOutOfRangeException("capMilliseconds", "not below the base");
            _baseMicroseconds = baseMilliseconds * 1000L;
            _capMicroseconds = capMilliseconds * 1000L;
            _random = new System.Random(seed);
        }

        /// <summary>Failed attempts since the last success.</summary>
        public int Attempt { get { return _attempt; } }

        /// <summary>The delay before the next attempt, in microseconds; counts one more failed attempt.</summary>
        public long NextDelayMicroseconds()
        {
            long d = _baseMicroseconds;
            for (int i = 0; i < _attempt && d < _capMicroseconds; i++)
            {
                d *= 2;
            }

            if (d > _capMicroseconds)
            {
                d = _capMicroseconds;
            }

            _attempt++;
            long half = d / 2;
            return half + (long)(_random.NextDouble() * (d - half));
        }

        /// <summary>Back to the base delay after a success.</summary>
        public void Reset()
        {
            _attempt = 0;
        }
    }
}
