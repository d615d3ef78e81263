namespace Metering.Collector.Tests.Architecture;

/// <summary>A stage: its name, the assembly that holds it, and the stages it may use.</summary>
internal sealed record StageRule(string Name, string Assembly, params string[] Uses);

/// <summary>
/// An architecture stated as stages in data-flow order, each with the stages it may use, and the check of a compiled
/// <see cref="StageGraph"/> against it. A stage may only use stages listed before it, so the statement itself has no
/// cycle; the check then reports every edge the statement does not allow (with the types behind it), every stage
/// found in an assembly other than its own, every stage the statement does not know, and every cycle.
/// </summary>
internal sealed class ArchitectureRules(IReadOnlyList<StageRule> stages)
{
    /// <summary>The stages, in order.</summary>
    public IReadOnlyList<StageRule> Stages { get; } = stages;

    /// <summary>What is wrong with the statement itself: a use of a stage that is not listed before the user.</summary>
    public IEnumerable<string> Inconsistencies()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in Stages)
        {
            foreach (var used in stage.Uses.Where(u => !seen.Contains(u)))
            {
                yield return $"{stage.Name} may use {used}, which is not listed before it";
            }

            seen.Add(stage.Name);
        }
    }

    /// <summary>Every violation of the statement in <paramref name="graph"/>, one line each, naming the edge.</summary>
    public IReadOnlyList<string> Check(StageGraph graph)
    {
        var byName = Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var (stage, assembly) in graph.Assemblies.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(stage, out var rule))
            {
                violations.Add($"stage {stage} (in {assembly}) is not in the architecture: add it where it belongs in the data flow");
            }
            else if (rule.Assembly != assembly)
            {
                violations.Add($"stage {stage} belongs in {rule.Assembly}, but {assembly} defines types in it");
            }
        }

        foreach (var edge in graph.Edges)
        {
            if (byName.TryGetValue(edge.From, out var rule) && !rule.Uses.Contains(edge.To, StringComparer.Ordinal))
            {
                var back = byName.ContainsKey(edge.To) && Order(edge.To) > Order(edge.From) ? "back-edge " : string.Empty;
                violations.Add($"{back}{edge.From} -> {edge.To} is not allowed ({graph.Witnesses(edge)})");
            }
        }

        violations.AddRange(graph.Cycles().Select(c => "cycle: " + string.Join(", ", c)));
        return violations;

        int Order(string stage) => Stages.ToList().FindIndex(s => s.Name == stage);
    }

    /// <summary>The graph as the architecture reads it: one line per stage, in data-flow order, with what it uses.</summary>
    public string Describe(StageGraph graph)
    {
        var uses = graph.Edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        return string.Join('\n', Stages.Select(s =>
            $"{s.Assembly,-28} {s.Name,-12} -> {string.Join(", ", uses.GetValueOrDefault(s.Name)?.OrderBy(Position) ?? Enumerable.Empty<string>())}"));

        int Position(string stage) => Stages.ToList().FindIndex(s => s.Name == stage) is var i and >= 0 ? i : -1;
    }
}
