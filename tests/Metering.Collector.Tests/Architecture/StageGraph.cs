namespace Metering.Collector.Tests.Architecture;

/// <summary>
/// The collector's stages and the uses between them, read from compiled assemblies. A type's stage is its namespace's
/// first part after <c>Metering.Collector.</c> (<c>Metering.Collector.Jobs.Slurm.Hostlist</c> is in Jobs); a type of
/// another Metering assembly is in the stage named by its namespace's second part (Protocol, Firmware, Simulation).
/// Types outside Metering (the framework, packages) and compiler-generated ones are not stages.
/// </summary>
internal sealed class StageGraph
{
    private readonly Dictionary<(string From, string To), List<TypeUse>> _edges = [];

    /// <summary>The graph of the types in <paramref name="uses"/>.</summary>
    public StageGraph(IEnumerable<TypeUse> uses)
    {
        foreach (var use in uses)
        {
            if (StageOf(use.From) is not { } from)
            {
                continue;
            }

            Assemblies.TryAdd(from, use.From.Assembly);
            if (StageOf(use.To) is { } to && to != from)
            {
                if (!_edges.TryGetValue((from, to), out var witnesses))
                {
                    _edges[(from, to)] = witnesses = [];
                }

                witnesses.Add(use);
            }
        }
    }

    /// <summary>Reads the assemblies at <paramref name="paths"/>.</summary>
    public static StageGraph Read(IEnumerable<string> paths) => new(paths.SelectMany(TypeDependencyReader.Read));

    /// <summary>The assembly that defines each stage of the assemblies read (the first seen).</summary>
    public Dictionary<string, string> Assemblies { get; } = new(StringComparer.Ordinal);

    /// <summary>Every edge, in name order.</summary>
    public IEnumerable<(string From, string To)> Edges => _edges.Keys.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal);

    /// <summary>The stage of <paramref name="type"/>, or null when it is not part of Metering.</summary>
    public static string? StageOf(TypeName type)
    {
        var parts = type.Namespace.Split('.');
        if (parts[0] != "Metering" || parts.Length < 2 || type.Name.StartsWith('<'))
        {
            return null;
        }

        return parts[1] == "Collector" ? (parts.Length > 2 ? parts[2] : "Collector") : parts[1];
    }

    /// <summary>A few of the type uses behind an edge, for messages: "Schema -> HealthReport, ...".</summary>
    public string Witnesses((string From, string To) edge, int count = 4) =>
        string.Join(", ", _edges[edge].Select(u => $"{u.From.Name} -> {u.To.Name}").Distinct().Order(StringComparer.Ordinal).Take(count));

    /// <summary>The stages in cycles: each strongly connected component of more than one stage (Tarjan's algorithm).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var next = Edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var v in next.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return cycles;
    }
}
