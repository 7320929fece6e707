using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Power;

/// <summary>
/// What <see cref="OrdinalPowerSimulation"/> simulates: a between-subjects design whose participants are spread evenly
/// over the cells, a rating with the given category probabilities in the reference cell, and one effect, a log odds
/// ratio on the tested coefficient (every other coefficient 0).
/// </summary>
/// <param name="Factors">Design factors and their levels, first level the reference (R's contr.treatment).</param>
/// <param name="Term">The tested term: a factor (its second level against the first) or "A:B", the interaction of two
/// two-level factors (the focal test of a 2 × 2 design).</param>
/// <param name="OddsRatio">The declared effect: exp(β) of the tested coefficient, &gt; 0 and ≠ 1.</param>
/// <param name="Baseline">Category probabilities of the rating in the reference cell, lowest category first (sum 1).</param>
/// <param name="Alpha">Two-sided level of the Wald test (default 0.05).</param>
/// <param name="TargetPower">Power sought (default 0.8).</param>
/// <param name="Simulations">Data sets simulated per sample size (default 400: Monte-Carlo SE of a power near 0.8 ≈ 0.02).</param>
/// <param name="Seed">Seed of every simulated data set: data set s at total size n draws from Random(SplitMix(Seed, n, s)),
/// so each size reuses the same stream whatever order the search visits it in (the only use of the seed).</param>
/// <param name="MaxParticipants">Largest total sample searched (default 2000); beyond it the result says so.</param>
/// <param name="TimeBudget">Wall-clock bound of the search (default 20 s); when it runs out the result says so and
/// gives the bracket reached.</param>
public sealed record OrdinalPowerOptions(
    IReadOnlyList<(string Name, IReadOnlyList<string> Levels)> Factors,
    string Term,
    double OddsRatio,
    IReadOnlyList<double> Baseline,
    double Alpha = 0.05,
    double TargetPower = 0.8,
    int Simulations = 400,
    int Seed = 16,
    int MaxParticipants = 2000,
    TimeSpan? TimeBudget = null)
{
    public TimeSpan Budget => TimeBudget ?? TimeSpan.FromSeconds(20);

    /// <summary>Uniform category probabilities over <paramref name="categories"/> levels (no information about the baseline).</summary>
    public static IReadOnlyList<double> Uniform(int categories) => [.. Enumerable.Repeat(1.0 / categories, categories)];

    /// <summary>Reports every bad argument by name.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Factors is null || Factors.Count == 0) errors.Add($"{nameof(Factors)}: expected at least one factor, found none.");
        else
        {
            foreach (var (name, levels) in Factors.Where(f => f.Levels is null || f.Levels.Count < 2))
                errors.Add($"{nameof(Factors)}: expected at least two levels of '{name}', found {levels?.Count ?? 0}.");
        }
        var parts = (Term ?? "").Split(':');
        if (Factors is not null && parts.Any(p => Factors.All(f => f.Name != p)))
            errors.Add($"{nameof(Term)}: expected a factor or 'A:B' of factors [{string.Join(", ", Factors.Select(f => f.Name))}], found '{Term}'.");
        if (parts.Length > 2) errors.Add($"{nameof(Term)}: expected at most a two-way interaction, found '{Term}'.");
        if (!(OddsRatio > 0) || OddsRatio == 1 || !double.IsFinite(OddsRatio)) errors.Add($"{nameof(OddsRatio)}: expected a finite odds ratio > 0 and ≠ 1, found {OddsRatio}.");
        if (Baseline is null || Baseline.Count < 2 || Baseline.Any(p => !(p > 0)) || Math.Abs(Baseline.Sum() - 1) > 1e-6)
            errors.Add($"{nameof(Baseline)}: expected at least two category probabilities, each > 0, summing to 1, found [{string.Join(", ", Baseline ?? [])}].");
        if (!(Alpha > 0 && Alpha < 0.5)) errors.Add($"{nameof(Alpha)}: expected 0 < α < 0.5, found {Alpha}.");
        if (!(TargetPower > Alpha && TargetPower < 1)) errors.Add($"{nameof(TargetPower)}: expected α < power < 1, found {TargetPower}.");
        if (Simulations < 50) errors.Add($"{nameof(Simulations)}: expected at least 50 simulated data sets, found {Simulations}.");
        if (MaxParticipants < 4) errors.Add($"{nameof(MaxParticipants)}: expected at least 4, found {MaxParticipants}.");
        if (Budget <= TimeSpan.Zero) errors.Add($"{nameof(TimeBudget)}: expected a positive time, found {Budget}.");
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors));
    }

    /// <summary>Every cell as its factor levels, in factor-major order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Cells()
    {
        IEnumerable<Dictionary<string, string>> cells = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var (name, levels) in Factors)
        {
            cells = cells.SelectMany(c => levels.Select(l => new Dictionary<string, string>(c, StringComparer.Ordinal) { [name] = l })).ToList();
        }
        return [.. cells];
    }

    /// <summary>1 when the cell is in the tested coefficient's column (treatment coding: every factor of the term at its second level).</summary>
    internal double Indicator(IReadOnlyDictionary<string, string> cell) =>
        Term.Split(':').All(f => cell[f] == Factors.First(x => x.Name == f).Levels[1]) ? 1 : 0;

    internal ModelFormula Formula()
    {
        var names = Factors.Select(f => f.Name).ToList();
        var terms = new List<string>(names);
        if (Term.Contains(':', StringComparison.Ordinal)) terms.Add(Term);
        return new ModelFormula(terms, Factors.ToDictionary(f => f.Name, f => f.Levels));
    }
}
