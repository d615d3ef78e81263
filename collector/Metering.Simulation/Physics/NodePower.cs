namespace Metering.Simulation.Physics;

/// <summary>What every part of a node draws at one instant, W: the DC side, then each power supply's AC feed.</summary>
/// <param name="GpuWatts">Board power of each GPU (its 12 V rail), W.</param>
/// <param name="CpuWatts">All CPU packages, W.</param>
/// <param name="DramWatts">DRAM, W.</param>
/// <param name="BoardWatts">Motherboard, NICs, drives, BMC, W.</param>
/// <param name="FanWatts">Fans, W.</param>
/// <param name="FeedWatts">AC power on each feed (its supply's DC share / efficiency), W.</param>
public sealed record NodePower(IReadOnlyList<double> GpuWatts, double CpuWatts, double DramWatts, double BoardWatts, double FanWatts, IReadOnlyList<double> FeedWatts)
{
    /// <summary>DC power of everything but the fans (what the fans must carry away), W.</summary>
    public double HeatWatts => GpuWatts.Sum() + CpuWatts + DramWatts + BoardWatts;

    /// <summary>DC power the supplies deliver, W.</summary>
    public double DcWatts => HeatWatts + FanWatts;

    /// <summary>Wall power: the sum of the feeds, W.</summary>
    public double WallWatts => FeedWatts.Sum();

    /// <summary>What the supplies lose as heat, W.</summary>
    public double PsuLossWatts => WallWatts - DcWatts;
}
