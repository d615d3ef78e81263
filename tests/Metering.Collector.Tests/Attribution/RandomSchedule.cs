using FsCheck;
using FsCheck.Fluent;
using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;
using static Metering.Collector.Tests.Attribution.Given;

namespace Metering.Collector.Tests.Attribution;

/// <summary>
/// Random schedules on one node: 1..8 consecutive buckets of random energy and coverage, up to 7 jobs starting and
/// ending inside or outside them (some running, some on another node, some without GPUs or cores), estimates for
/// some jobs over random ranges (some invalid), a random baseline (configured or none), idle policy and reference watts;
/// a sampled peak on some buckets (1 to 3 times their mean power over the covered time) and none on others.
/// </summary>
internal sealed record RandomSchedule(
    Node Node,
    AttributionPolicy Policy,
    IdleBaseline Baseline,
    IReadOnlyList<NodeEnergy> Buckets,
    IReadOnlyList<Job> Jobs,
    IReadOnlyList<PowerEstimate> Estimates)
{
    private static readonly Gen<double> Coverages = Gen.OneOf(Gen.Constant(1.0), Gen.Constant(1.0), Gen.Constant(0.0), Gen.Choose(0, 1000).Select(c => c / 1000.0));

    private static readonly Gen<int> PeakFactors = Gen.OneOf(Gen.Constant(0), Gen.Constant(100), Gen.Choose(100, 300));   // 0: no peak; else percent of the mean

    private static readonly Gen<(int Start, int? Length, int Gpus, int Cores, bool Here, int? Watts, int EstFrom, int EstLength)> JobSpecs =
        from start in Gen.Choose(-30_000, 85_000)
        from length in Gen.OneOf(Gen.Choose(1, 40_000).Select(l => (int?)l), Gen.Choose(1, 500).Select(l => (int?)l), Gen.Constant((int?)null))
        from gpus in Gen.Choose(0, 8)
        from cores in Gen.Elements(0, 4, 16, 64)
        from here in Gen.Elements(true, true, true, false)
        from watts in Gen.OneOf(Gen.Constant((int?)null), Gen.Choose(0, 5_000).Select(w => (int?)w), Gen.Constant((int?)-1))
        from estFrom in Gen.Choose(-20_000, 80_000)
        from estLength in Gen.Choose(1, 60_000)
        select (start, length, gpus, cores, here, watts, estFrom, estLength);

    public static readonly Arbitrary<RandomSchedule> Arbitrary =
        (from gpus in Gen.Choose(0, 8)
         from cores in Gen.Elements(0, 32, 64)
         from idleW in Gen.OneOf(Gen.Constant(-1), Gen.Choose(0, 2_000))
         from shared in Gen.Elements(true, false)
         from gpuW in Gen.Elements(0, 300, 700)
         from coreW in Gen.Elements(0, 10, 3)
         from energies in Gen.Choose(0, 100_000_000).Zip(Coverages).Zip(PeakFactors).Select(e => (e.Item1.Item1, e.Item1.Item2, e.Item2)).ArrayOf()
         from specs in JobSpecs.ArrayOf()
         select Build(gpus, cores, idleW, shared, gpuW, coreW, energies, specs)).ToArbitrary();

    private static RandomSchedule Build(int gpus, int cores, int idleW, bool shared, int gpuW, int coreW, (int, double, int)[] energies, (int Start, int? Length, int Gpus, int Cores, bool Here, int? Watts, int EstFrom, int EstLength)[] specs)
    {
        var node = Given.Node(gpus, cores, idleW >= 0 ? idleW : null);
        var policy = new AttributionPolicy { IdlePolicy = shared ? IdlePolicy.Shared : IdlePolicy.Overhead, Reference = new(gpuW, coreW) };
        var baseline = idleW >= 0 ? IdleBaseline.Configured(idleW * 1000L) : IdleBaseline.NotLearned;
        var buckets = energies.Take(8).Select((e, k) => Bucket(e.Item1, T0 + (k * W), e.Item2) with { PeakMilliwatts = Peak(e.Item1, e.Item2, e.Item3) })
            .DefaultIfEmpty(Bucket(5_000_000)).ToList();
        var jobs = new List<Job>();
        var estimates = new List<PowerEstimate>();
        foreach (var (s, i) in specs.Take(7).Select((s, i) => (s, i)))
        {
            var id = $"job-{i}";
            jobs.Add(Job(id, s.Gpus, s.Cores, T0 + s.Start, s.Length is { } l ? T0 + s.Start + l : null, s.Here ? "gpu-a01" : "gpu-a02"));
            if (s.Watts is { } w)
            {
                estimates.Add(new(id, "gpu-a01", T0 + s.EstFrom, T0 + s.EstFrom + s.EstLength, w < 0 ? double.NaN : w));
            }
        }

        return new(node, policy, baseline, buckets, jobs, estimates);
    }

    /// <summary>A sampled peak of <paramref name="percent"/> % of the mean power over the covered time, mW; null for 0.</summary>
    private static long? Peak(long energyMj, double coverage, int percent) =>
        percent == 0 ? null : (long)Math.Ceiling(energyMj * 1000.0 / W / Math.Max(coverage, 0.001) * percent / 100);
}
