namespace MisuseLab.Study.Conditions;

/// <summary>Every condition a study file may name in a cell's "manipulation".</summary>
public static class ConditionCatalog
{
    public static readonly IReadOnlyList<IExplanationCondition> All =
    [
        new RealCondition(), new InvertedCondition(), new SignFlippedCondition(),
        new RandomizedModelCondition(), new ExampleBasedCondition(), new NoExplanationCondition(),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(c => c.Name).ToArray();

    public static bool TryGet(string name, out IExplanationCondition condition)
    {
        foreach (var c in All)
        {
            if (c.Name == name)
            {
                condition = c;
                return true;
            }
        }
        condition = null!;
        return false;
    }

    public static IExplanationCondition Get(string name) =>
        TryGet(name, out var c) ? c : throw new ConditionException($"Expected a condition named one of {string.Join(", ", Names)}; found '{name}'.");
}
