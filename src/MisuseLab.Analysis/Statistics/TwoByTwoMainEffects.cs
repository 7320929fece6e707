namespace MisuseLab.Analysis.Statistics;

/// <summary>A two-level between-subjects factor. <see cref="FirstLevel"/> is group 1 of its Mann–Whitney test.</summary>
public sealed record TwoLevelFactor(string Name, string FirstLevel, string SecondLevel)
{
    internal void Validate(string parameterName)
    {
        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(FirstLevel) || string.IsNullOrWhiteSpace(SecondLevel))
        {
            throw new ArgumentException($"Expected a factor name and two level names, found '{Name}': '{FirstLevel}', '{SecondLevel}'.", parameterName);
        }

        if (string.Equals(FirstLevel, SecondLevel, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Expected two different levels for factor '{Name}', found '{FirstLevel}' twice.", parameterName);
        }
    }
}

/// <summary>One participant's levels of factors A and B and their value (e.g. a rating).</summary>
public sealed record FactorialObservation(string LevelOfA, string LevelOfB, double Value);

/// <summary>
/// A factor's main effect: its two levels compared pooling over the other factor. The Mann–Whitney test has
/// <see cref="TwoLevelFactor.FirstLevel"/> as group 1, so a positive z / rank-biserial r means the first level rated higher.
/// </summary>
public sealed record MainEffect(TwoLevelFactor Factor, GroupDescriptives First, GroupDescriptives Second, MannWhitneyResult Test);

/// <summary>Both main effects of a 2×2 design plus the four cells' descriptives (A-major order: a1b1, a1b2, a2b1, a2b2).</summary>
public sealed record TwoByTwoAnalysis(MainEffect A, MainEffect B, IReadOnlyList<GroupDescriptives> Cells);

/// <summary>
/// Main effects of a 2×2 between-subjects design by Mann–Whitney tests on pooled levels. Pooling weighs each cell by
/// its size, so it estimates the main effect only when cells are (near) balanced — which the permuted-block assignment
/// guarantees up to one block; the cell descriptives let the analyst check. Interactions are not tested here.
/// </summary>
public static class TwoByTwoMainEffects
{
    /// <exception cref="ArgumentException">An observation names a level its factor does not have, a value is not finite,
    /// or a level has no observations.</exception>
    public static TwoByTwoAnalysis Analyze(
        TwoLevelFactor factorA,
        TwoLevelFactor factorB,
        IReadOnlyList<FactorialObservation> observations,
        MannWhitneyOptions? options = null,
        double confidenceLevel = Descriptives.DefaultConfidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(factorA);
        ArgumentNullException.ThrowIfNull(factorB);
        ArgumentNullException.ThrowIfNull(observations);
        factorA.Validate(nameof(factorA));
        factorB.Validate(nameof(factorB));

        // cells[a, b] hold the values of participants at level a of A and level b of B (0 = first level).
        var cells = new List<double>[2, 2];
        for (int a = 0; a < 2; a++)
        {
            for (int b = 0; b < 2; b++)
            {
                cells[a, b] = [];
            }
        }

        for (int i = 0; i < observations.Count; i++)
        {
            FactorialObservation o = observations[i]
                ?? throw new ArgumentException($"Expected an observation at index {i}, found null.", nameof(observations));
            int a = LevelIndex(factorA, o.LevelOfA, i);
            int b = LevelIndex(factorB, o.LevelOfB, i);
            if (!double.IsFinite(o.Value))
            {
                throw new ArgumentException(
                    $"Expected a finite value at observation {i}, found {o.Value}. Remove missing answers before the analysis.",
                    nameof(observations));
            }

            cells[a, b].Add(o.Value);
        }

        MainEffect effectA = Effect(factorA, Pool(cells[0, 0], cells[0, 1]), Pool(cells[1, 0], cells[1, 1]), options, confidenceLevel);
        MainEffect effectB = Effect(factorB, Pool(cells[0, 0], cells[1, 0]), Pool(cells[0, 1], cells[1, 1]), options, confidenceLevel);

        var cellDescriptives = new List<GroupDescriptives>(4);
        for (int a = 0; a < 2; a++)
        {
            for (int b = 0; b < 2; b++)
            {
                string label = $"{factorA.Name}={Level(factorA, a)}, {factorB.Name}={Level(factorB, b)}";
                cellDescriptives.Add(Descriptives.Describe(label, cells[a, b], confidenceLevel));
            }
        }

        return new TwoByTwoAnalysis(effectA, effectB, cellDescriptives);
    }

    private static MainEffect Effect(TwoLevelFactor factor, List<double> first, List<double> second, MannWhitneyOptions? options, double confidenceLevel)
    {
        if (first.Count == 0 || second.Count == 0)
        {
            string empty = first.Count == 0 ? factor.FirstLevel : factor.SecondLevel;
            throw new ArgumentException(
                $"Expected observations at both levels of factor '{factor.Name}', found none at level '{empty}'. " +
                "Check the level names against the study definition, or wait until both levels have participants.",
                "observations");
        }

        return new MainEffect(
            factor,
            Descriptives.Describe($"{factor.Name}={factor.FirstLevel}", first, confidenceLevel),
            Descriptives.Describe($"{factor.Name}={factor.SecondLevel}", second, confidenceLevel),
            MannWhitneyU.Test(first, second, options));
    }

    private static List<double> Pool(List<double> left, List<double> right)
    {
        var pooled = new List<double>(left.Count + right.Count);
        pooled.AddRange(left);
        pooled.AddRange(right);
        return pooled;
    }

    private static string Level(TwoLevelFactor factor, int index) => index == 0 ? factor.FirstLevel : factor.SecondLevel;

    private static int LevelIndex(TwoLevelFactor factor, string? level, int observation)
    {
        if (string.Equals(level, factor.FirstLevel, StringComparison.Ordinal))
        {
            return 0;
        }

        if (string.Equals(level, factor.SecondLevel, StringComparison.Ordinal))
        {
            return 1;
        }

        throw new ArgumentException(
            $"Expected level '{factor.FirstLevel}' or '{factor.SecondLevel}' of factor '{factor.Name}' at observation {observation}, " +
            $"found '{level}'. Level names are case-sensitive and must match the study definition.",
            "observations");
    }
}
