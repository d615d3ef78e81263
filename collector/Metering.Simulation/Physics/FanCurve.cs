namespace Metering.Simulation.Physics;

/// <summary>
/// A node's fans: their speed rises linearly from <see cref="MinSpeed"/> (of full speed) at the node's idle heat to
/// full speed at <see cref="FullSpeedHeatWatts"/> of heat (DC power of everything but the fans), and their power goes
/// with the cube of speed (the fan affinity law), so <see cref="MaxWatts"/> at full speed. The fans follow the heat
/// at once: a real controller lags by seconds, which moves energy between neighbouring seconds, not in total.
/// </summary>
/// <param name="MaxWatts">Fan power at full speed, W.</param>
/// <param name="MinSpeed">Speed at idle heat, a fraction of full speed (0..1).</param>
/// <param name="FullSpeedHeatWatts">Heat at which the fans reach full speed, W.</param>
public sealed record FanCurve(double MaxWatts, double MinSpeed, double FullSpeedHeatWatts)
{
    /// <summary>Fan power, W, at <paramref name="heatWatts"/> of heat on a node whose idle heat is <paramref name="idleHeatWatts"/>.</summary>
    public double Watts(double heatWatts, double idleHeatWatts)
    {
        var rise = Math.Clamp((heatWatts - idleHeatWatts) / (FullSpeedHeatWatts - idleHeatWatts), 0, 1);
        var speed = MinSpeed + ((1 - MinSpeed) * rise);
        return MaxWatts * speed * speed * speed;
    }
}
