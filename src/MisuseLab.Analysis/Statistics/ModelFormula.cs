namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// The right-hand side of an R model formula as a list of terms, e.g. <c>["A", "B", "A:B"]</c> for <c>~ A * B</c>
/// or <c>["A", "B", "A:B", "experience"]</c> for <c>~ A * B + experience</c>. A term is a variable or an interaction of
/// variables joined by ':'; every variable of an interaction must also appear as a term on its own (R's
/// marginality), so that treatment coding gives the same columns as R's <c>model.matrix</c>.
/// Factor levels are ordered by <see cref="LevelOrder"/> where given, otherwise ordinally (R's order in the C locale);
/// the first level is the reference (R's default <c>contr.treatment</c>).
/// </summary>
public sealed record ModelFormula(IReadOnlyList<string> Terms, IReadOnlyDictionary<string, IReadOnlyList<string>>? LevelOrder = null)
{
    /// <summary><c>~ a * b</c>: both main effects and their interaction.</summary>
    public static ModelFormula Crossed(string a, string b, params string[] covariates) =>
        new([a, b, $"{a}:{b}", .. covariates]);

    /// <summary><c>~ a + b</c> (+ covariates): the same model without the interaction.</summary>
    public static ModelFormula Additive(string a, string b, params string[] covariates) =>
        new([a, b, .. covariates]);

    /// <summary>The formula without <paramref name="term"/> (e.g. to test the interaction by likelihood ratio).</summary>
    public ModelFormula Without(string term) =>
        this with { Terms = Terms.Where(t => !string.Equals(t, term, StringComparison.Ordinal)).ToList() };

    /// <summary>The R spelling, e.g. <c>A + B + A:B</c>.</summary>
    public override string ToString() => string.Join(" + ", Terms);

    /// <summary>Checks the terms; reports the first problem with the argument's name.</summary>
    public void Validate(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(Terms, parameterName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string term in Terms)
        {
            if (string.IsNullOrWhiteSpace(term) || term.Split(':').Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException($"Expected terms like 'A' or 'A:B', found '{term}'.", parameterName);
            }

            if (!seen.Add(term))
            {
                throw new ArgumentException($"Expected each term once, found '{term}' twice.", parameterName);
            }
        }

        foreach (string term in Terms.Where(t => t.Contains(':', StringComparison.Ordinal)))
        {
            foreach (string variable in term.Split(':').Where(v => !seen.Contains(v)))
            {
                throw new ArgumentException(
                    $"Expected the main effect '{variable}' of interaction '{term}' among the terms, found only [{this}]. " +
                    "Add it (R's A * B expands to A + B + A:B).", parameterName);
            }
        }
    }
}
