using System.Globalization;
using Metering.Collector.Attribution;

namespace Metering.Collector.Host.Settings;

/// <summary>How node energy is split among jobs (configuration section <c>Attribution</c>; Attribution/README.md).</summary>
public sealed class AttributionSettings
{
    /// <summary>Who carries idle energy: <c>shared</c> (jobs by their share of the node, the rest unallocated) or <c>overhead</c> (the node).</summary>
    public string IdlePolicy { get; set; } = "shared";

    /// <summary>What one allocated GPU is taken to draw for jobs without an estimate, W.</summary>
    public double GpuReferenceWatts { get; set; } = ReferenceWatts.Default.GpuWatts;

    /// <summary>What one allocated CPU core is taken to draw for jobs without an estimate, W.</summary>
    public double CoreReferenceWatts { get; set; } = ReferenceWatts.Default.CoreWatts;

    /// <summary>
    /// The late-data horizon, minutes: a node bucket stays re-attributable (a late job end, a late estimate, a re-emitted
    /// bucket) this long after its end; then it is sealed into its jobs' totals.
    /// </summary>
    public int RetentionMinutes { get; set; } = 60;

    /// <summary>Checks the settings against each other and against <paramref name="nodeEnergy"/>; each message names its setting.</summary>
    public IEnumerable<string> Validate(NodeEnergySettings nodeEnergy)
    {
        if (ParsePolicy(IdlePolicy) is null)
        {
            yield return $"Attribution:IdlePolicy must be shared or overhead, got '{IdlePolicy}'";
        }

        if (!double.IsFinite(GpuReferenceWatts) || GpuReferenceWatts is < 0 or > 100_000)
        {
            yield return Invariant($"Attribution:GpuReferenceWatts must be a number of watts in 0..100000, got {GpuReferenceWatts}");
        }

        if (!double.IsFinite(CoreReferenceWatts) || CoreReferenceWatts is < 0 or > 100_000)
        {
            yield return Invariant($"Attribution:CoreReferenceWatts must be a number of watts in 0..100000, got {CoreReferenceWatts}");
        }

        if (RetentionMinutes is < 1 or > 10_080)
        {
            yield return $"Attribution:RetentionMinutes must be 1..10080 (a week), got {RetentionMinutes}";
        }
        else if (RetentionMinutes * 60L < nodeEnergy.LatenessSeconds + nodeEnergy.BucketSeconds)
        {
            // A bucket is emitted up to the lateness horizon after its end; sealed before that, it could never be corrected.
            yield return $"Attribution:RetentionMinutes ({RetentionMinutes} min) must cover NodeEnergy:LatenessSeconds + NodeEnergy:BucketSeconds ({nodeEnergy.LatenessSeconds + nodeEnergy.BucketSeconds} s)";
        }
    }

    /// <summary>The policy these settings describe (validate first).</summary>
    public AttributionPolicy ToPolicy() => new()
    {
        IdlePolicy = ParsePolicy(IdlePolicy) ?? throw new InvalidOperationException($"Attribution:IdlePolicy '{IdlePolicy}' is not shared or overhead"),
        Reference = new ReferenceWatts(GpuReferenceWatts, CoreReferenceWatts),
    };

    /// <summary>The stage's retention.</summary>
    public AttributionStageOptions ToStageOptions() => new() { RetentionMs = RetentionMinutes * 60_000L };

    private static Attribution.IdlePolicy? ParsePolicy(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "shared" => Attribution.IdlePolicy.Shared,
        "overhead" => Attribution.IdlePolicy.Overhead,
        _ => null,
    };

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
