using MathNet.Numerics.LinearAlgebra;

namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// The model matrix of a <see cref="ModelFormula"/> over <see cref="ModelRow"/>s with treatment contrasts, column for
/// column what R's <c>model.matrix(~ terms, data)</c> gives (names included: factor A with level "b" gives column
/// "Ab"; an interaction's columns are products of its variables' columns with the first variable varying fastest,
/// named "Ab:By"). The intercept column is left out unless asked for: in a cumulative-logit model the thresholds play it.
/// </summary>
internal sealed class DesignMatrix
{
    private DesignMatrix(Matrix<double> x, string[] columnNames, string[] columnTerms, IReadOnlyDictionary<string, IReadOnlyList<string>> levels)
    {
        X = x;
        ColumnNames = columnNames;
        ColumnTerms = columnTerms;
        FactorLevels = levels;
    }

    /// <summary>Rows × columns, one row per <see cref="ModelRow"/> in input order.</summary>
    public Matrix<double> X { get; }

    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The formula term each column belongs to ("(Intercept)" for the intercept).</summary>
    public IReadOnlyList<string> ColumnTerms { get; }

    /// <summary>Each factor's levels in coding order; the first is the reference. Variables not listed are numeric.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FactorLevels { get; }

    /// <exception cref="ArgumentException">A variable is missing from a row, or is a factor in some rows and numeric in others.</exception>
    /// <exception cref="ModelFitException">A column is constant zero (an empty cell) or the columns are collinear.</exception>
    public static DesignMatrix Build(IReadOnlyList<ModelRow> rows, ModelFormula formula, bool intercept)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(formula);
        formula.Validate(nameof(formula));
        var variables = formula.Terms.SelectMany(t => t.Split(':')).Distinct(StringComparer.Ordinal).ToList();
        var levels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var numeric = new HashSet<string>(StringComparer.Ordinal);
        foreach (string v in variables)
        {
            ClassifyVariable(rows, formula, v, levels, numeric);
        }

        // Per variable: the column names and, per row, the column values (treatment-coded dummies or the number).
        var names = new List<string>();
        var terms = new List<string>();
        var columns = new List<double[]>();
        if (intercept)
        {
            names.Add("(Intercept)");
            terms.Add("(Intercept)");
            columns.Add(Enumerable.Repeat(1.0, rows.Count).ToArray());
        }

        // R's terms() puts main effects first, then two-way interactions, and so on (stable within an order).
        foreach (string term in formula.Terms.OrderBy(t => t.Count(ch => ch == ':')))
        {
            var parts = new List<(string Name, double[] Values)> { ("", Enumerable.Repeat(1.0, rows.Count).ToArray()) };
            foreach (string v in term.Split(':'))
            {
                var next = new List<(string Name, double[] Values)>();
                foreach (var (vName, vValues) in VariableColumns(rows, v, levels, numeric))
                {
                    // The earlier variables vary fastest, as in R: for A:B the order is Ab:By, Ac:By, Ab:Bz, …
                    foreach (var (pName, pValues) in parts)
                    {
                        var product = new double[rows.Count];
                        for (int i = 0; i < product.Length; i++)
                        {
                            product[i] = pValues[i] * vValues[i];
                        }

                        next.Add((pName.Length == 0 ? vName : $"{pName}:{vName}", product));
                    }
                }

                parts = next;
            }

            foreach (var (name, values) in parts)
            {
                names.Add(name);
                terms.Add(term);
                columns.Add(values);
            }
        }

        var x = Matrix<double>.Build.Dense(rows.Count, columns.Count, (i, j) => columns[j][i]);
        CheckColumns(x, names, intercept);
        return new DesignMatrix(x, [.. names], [.. terms], levels);
    }

    private static void ClassifyVariable(IReadOnlyList<ModelRow> rows, ModelFormula formula, string v,
        Dictionary<string, IReadOnlyList<string>> levels, HashSet<string> numeric)
    {
        int asFactor = rows.Count(r => r.Factors.ContainsKey(v));
        int asNumber = rows.Count(r => (r.Numerics ?? ModelRow.NoNumerics).ContainsKey(v));
        if (asFactor == rows.Count && asNumber == 0)
        {
            var observed = rows.Select(r => r.Factors[v]).Distinct(StringComparer.Ordinal).ToList();
            if (formula.LevelOrder is not null && formula.LevelOrder.TryGetValue(v, out var order))
            {
                foreach (string level in observed.Where(l => !order.Contains(l, StringComparer.Ordinal)))
                {
                    throw new ArgumentException($"Expected factor '{v}' to take the declared levels [{string.Join(", ", order)}], found '{level}'.", nameof(rows));
                }

                levels[v] = order.ToList();
            }
            else
            {
                observed.Sort(StringComparer.Ordinal);
                levels[v] = observed;
            }
        }
        else if (asNumber == rows.Count && asFactor == 0)
        {
            foreach (var r in rows.Where(r => !double.IsFinite(r.Numerics![v])))
            {
                throw new ArgumentException($"Expected finite values of covariate '{v}', found {r.Numerics![v]}.", nameof(rows));
            }

            numeric.Add(v);
        }
        else
        {
            throw new ArgumentException(
                $"Expected variable '{v}' in every row, either as a factor or as a number; found it as a factor in {asFactor} " +
                $"and as a number in {asNumber} of {rows.Count} rows.", nameof(rows));
        }
    }

    private static IEnumerable<(string Name, double[] Values)> VariableColumns(IReadOnlyList<ModelRow> rows, string v,
        Dictionary<string, IReadOnlyList<string>> levels, HashSet<string> numeric)
    {
        if (numeric.Contains(v))
        {
            yield return (v, rows.Select(r => r.Numerics![v]).ToArray());
            yield break;
        }

        foreach (string level in levels[v].Skip(1))
        {
            yield return (v + level, rows.Select(r => string.Equals(r.Factors[v], level, StringComparison.Ordinal) ? 1.0 : 0.0).ToArray());
        }
    }

    private static void CheckColumns(Matrix<double> x, List<string> names, bool intercept)
    {
        for (int j = 0; j < x.ColumnCount; j++)
        {
            if (x.Column(j).All(v => v == 0.0))
            {
                throw new ModelFitException(
                    $"Column '{names[j]}' of the design is zero in every row: no observation falls in that level or cell, " +
                    "so its effect cannot be estimated (R would report it as NA / aliased). Drop the term or collect data for that cell.");
            }
        }

        // Rank with an intercept column: in a cumulative-logit model the thresholds absorb a constant column.
        var withConstant = intercept ? x : x.InsertColumn(0, Vector<double>.Build.Dense(x.RowCount, 1.0));
        int rank = withConstant.Rank();
        if (rank < withConstant.ColumnCount)
        {
            throw new ModelFitException(
                $"Expected linearly independent design columns (plus the intercept), found rank {rank} of {withConstant.ColumnCount} " +
                $"for [{string.Join(", ", names)}]: a covariate is constant or determined by the others. Drop one of them.");
        }
    }
}
