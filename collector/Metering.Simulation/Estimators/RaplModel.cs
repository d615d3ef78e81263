namespace Metering.Simulation.Estimators;

/// <summary>
/// How a CPU vendor's RAPL counters behave (Linux powercap, <c>energy_uj</c>): each domain counts µJ and wraps at
/// <see cref="MaxEnergyRangeMicrojoules"/> (<c>max_energy_range_uj</c>: about 262 kJ on Intel packages, 17 minutes at
/// 250 W; about 65.5 kJ on AMD EPYC, 4.4 minutes). RAPL DRAM follows the trend with a constant power offset
/// (Desrochers et al., MEMSYS 2016); the sources give no size for it, so the presets leave
/// <see cref="DramOffsetWatts"/> at 0 and a caller sets one to study it.
/// </summary>
/// <param name="Name">The vendor, for people.</param>
/// <param name="MaxEnergyRangeMicrojoules">Where each counter wraps, µJ.</param>
/// <param name="DramOffsetWatts">Constant error of the DRAM domain, W.</param>
public sealed record RaplModel(string Name, long MaxEnergyRangeMicrojoules, double DramOffsetWatts = 0)
{
    /// <summary>Intel packages: wrap at 262,143,328,850 µJ.</summary>
    public static RaplModel Intel { get; } = new("Intel", 262_143_328_850);

    /// <summary>AMD EPYC (under intel-rapl since Linux 5.8): wrap at 65,532,610,987 µJ.</summary>
    public static RaplModel Amd { get; } = new("AMD EPYC", 65_532_610_987);
}
