namespace MisuseLab.Study.Manipulations;

/// <summary>Every condition a study file may name in a cell's "manipulation".</summary>
public static class ManipulationCatalog
{
    public static readonly IReadOnlyList<IManipulation> All =
    [
        new RealManipulation(), new InvertedManipulation(), new SignFlippedManipulation(),
        new RandomizedModelManipulation(), new ExampleBasedManipulation(), new NoExplanationManipulation(),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(c => c.Name).ToArray();

    public static bool TryGet(string name, out IManipulation condition)
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

    public static IManipulation Get(string name) =>
        TryGet(name, out var c) ? c : throw new ManipulationException($"Expected a condition named one of {string.Join(", ", Names)}; found '{name}'.");
}
