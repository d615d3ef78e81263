using System.Diagnostics;
using Metering.Firmware.Core.Platform;

namespace Metering.Firmware.Host;

/// <summary>
/// Real time for a virtual meter, optionally sped up: monotonic microseconds from a stopwatch (times
/// <see cref="Speed"/>), UTC from the host clock at start plus the scaled elapsed time, synced from the start
/// (the host's clock is NTP-disciplined).
/// </summary>
public sealed class SystemClock(double speed = 1.0) : IClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly long _startUtcMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Simulated seconds per real second.</summary>
    public double Speed { get; } = speed > 0 ? speed : throw new ArgumentOutOfRangeException(nameof(speed), "must be positive");

    /// <inheritdoc />
    public long MonotonicMicroseconds => (long)(_watch.Elapsed.Ticks / 10 * Speed);

    /// <inheritdoc />
    public long UtcMilliseconds => _startUtcMilliseconds + (MonotonicMicroseconds / 1000);

    /// <inheritdoc />
    public bool IsSynced => true;
}
