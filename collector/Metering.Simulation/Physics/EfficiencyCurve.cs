namespace Metering.Simulation.Physics;

/// <summary>
/// A power supply's efficiency (DC out / AC in, 0..1) against its load (DC out / rated DC output, 0..1), linear
/// between the points of its 80 PLUS class (230 V internal redundant) and held flat outside them: below the first
/// point the curve flatters a real supply, which falls further at very light load.
/// </summary>
public sealed class EfficiencyCurve
{
    private readonly (double Load, double Efficiency)[] _points;

    /// <summary>A curve through <paramref name="points"/> (load fraction, efficiency), in increasing load.</summary>
    /// <exception cref="ArgumentException">No point, loads not increasing, or an efficiency outside (0, 1].</exception>
    public EfficiencyCurve(string name, params (double LoadFraction, double Efficiency)[] points)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (points.Length == 0 || points.Any(p => p.Efficiency is <= 0 or > 1 || p.LoadFraction < 0)
            || points.Zip(points.Skip(1)).Any(p => p.Second.LoadFraction <= p.First.LoadFraction))
        {
            throw new ArgumentException("points need increasing load fractions and efficiencies in (0, 1]", nameof(points));
        }

        (Name, _points) = (name, points);
    }

    /// <summary>80 PLUS Gold, 230 V internal redundant: 88 / 92 / 88 % at 20 / 50 / 100 % load.</summary>
    public static EfficiencyCurve Gold { get; } = new("80 PLUS Gold", (0.20, 0.88), (0.50, 0.92), (1.00, 0.88));

    /// <summary>80 PLUS Platinum, 230 V internal redundant: 90 / 94 / 91 % at 20 / 50 / 100 % load.</summary>
    public static EfficiencyCurve Platinum { get; } = new("80 PLUS Platinum", (0.20, 0.90), (0.50, 0.94), (1.00, 0.91));

    /// <summary>80 PLUS Titanium, 230 V internal redundant: 90 / 94 / 96 / 91 % at 10 / 20 / 50 / 100 % load.</summary>
    public static EfficiencyCurve Titanium { get; } = new("80 PLUS Titanium", (0.10, 0.90), (0.20, 0.94), (0.50, 0.96), (1.00, 0.91));

    /// <summary>The class, for people.</summary>
    public string Name { get; }

    /// <summary>The points (load fraction, efficiency).</summary>
    public IReadOnlyList<(double LoadFraction, double Efficiency)> Points => _points;

    /// <summary>Efficiency at <paramref name="loadFraction"/> of the rated output.</summary>
    public double At(double loadFraction)
    {
        if (loadFraction <= _points[0].Load)
        {
            return _points[0].Efficiency;
        }

        for (var i = 1; i < _points.Length; i++)
        {
            if (loadFraction <= _points[i].Load)
            {
                var (a, b) = (_points[i - 1], _points[i]);
                return a.Efficiency + ((b.Efficiency - a.Efficiency) * (loadFraction - a.Load) / (b.Load - a.Load));
            }
        }

        return _points[^1].Efficiency;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
