namespace Metering.Collector.Slurm;

/// <summary>
/// Slurm reconciliation in <c>metering serve</c> (configuration section <c>Slurm</c>; Jobs/Slurm/README.md): every
/// <see cref="IntervalSeconds"/> the collector runs <c>squeue --json</c> and adds, fills and ends Slurm jobs the
/// Prolog/Epilog hooks missed.
/// </summary>
public sealed class SlurmSettings
{
    /// <summary>Run the reconciler; off by default (the collector needs a working <c>squeue</c>).</summary>
    public bool Enabled { get; set; }

    /// <summary>Seconds between passes (the first runs at start). Keep it well below MinJobAge (default 300 s).</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>The squeue program: a name looked up on PATH, or a path.</summary>
    public string Squeue { get; set; } = "squeue";

    /// <summary>slurm.conf for squeue (sets SLURM_CONF); null for squeue's own default.</summary>
    public string? Conf { get; set; }

    /// <summary>How long one squeue (or sacct) run may take before it is killed and the pass skipped, seconds.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The sacct program, where an accounting database (slurmdbd) exists: each pass then also asks sacct for what
    /// ran since the last pass, which covers what squeue has forgotten (MinJobAge). Null (the default): not used.
    /// </summary>
    public string? Sacct { get; set; }

    /// <summary>How far back the first pass asks sacct (what ran while the collector was down), hours.</summary>
    public int SacctLookbackHours { get; set; } = 24;

    /// <summary>Checks the settings (only when enabled: a disabled section is never used).</summary>
    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (IntervalSeconds is < 1 or > 86_400) yield return $"Slurm:IntervalSeconds must be 1..86400, got {IntervalSeconds}";
        if (TimeoutSeconds is < 1 or > 3_600) yield return $"Slurm:TimeoutSeconds must be 1..3600, got {TimeoutSeconds}";
        if (string.IsNullOrWhiteSpace(Squeue)) yield return "Slurm:Squeue must name the squeue program";
        if (Conf is not null && !File.Exists(Conf)) yield return $"Slurm:Conf '{Conf}' does not exist";
        if (Sacct is not null && string.IsNullOrWhiteSpace(Sacct)) yield return "Slurm:Sacct must name the sacct program, or be left out";
        if (SacctLookbackHours is < 1 or > 8_760) yield return $"Slurm:SacctLookbackHours must be 1..8760, got {SacctLookbackHours}";
    }
}
