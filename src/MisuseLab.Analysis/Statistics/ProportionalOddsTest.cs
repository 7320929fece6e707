using MathNet.Numerics.LinearAlgebra;

namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// The proportional-odds check of one term: the likelihood-ratio test of the model against one where the term's
/// effect differs per threshold (a "nominal" effect: each level gets its own cut points). A small p-value says the
/// term shifts the rating categories unevenly, so a single odds ratio summarises it poorly.
/// <see cref="Failure"/> is set (and the numbers are NaN) when the nominal model cannot be fitted.
/// <see cref="Diverged"/>: some nominal threshold is infinite (a category nobody in some level or cell chose); the
/// statistic then uses the supremum of the likelihood, as R's <c>nominal_test</c> does, and its χ² reference is rough.
/// </summary>
public sealed record NominalEffectTest(string Term, int DegreesOfFreedom, double LogLikelihood, double Statistic, double PValue, bool Diverged, string? Failure);

/// <summary>
/// Check of the proportional-odds assumption, as R's <c>ordinal::nominal_test(clm(rating ~ terms, data))</c>: for each
/// term the model <c>clm(rating ~ terms, nominal = ~ term)</c> is fitted — thresholds that differ per level of the term;
/// for an interaction A:B of factors, per cell (R codes <c>~ A:B</c> with full cell indicators) — and compared with the
/// proportional-odds model by likelihood ratio. Location columns aliased with the nominal ones are dropped, as clm
/// does. Where R's fit fails (<c>nominal_test</c> prints NA, typically a category empty in some cell, so two thresholds
/// merge) <see cref="NominalEffectTest.Failure"/> says why.
/// </summary>
public static class ProportionalOddsTest
{
    public static IReadOnlyList<NominalEffectTest> Run(IReadOnlyList<ModelRow> rows, ModelFormula formula, CumulativeLogitOptions? options = null)
    {
        options ??= new CumulativeLogitOptions();
        options.Validate(nameof(options));
        var proportional = CumulativeLogitModel.Fit(rows, formula, options);
        var (y, used, _) = CumulativeLogitModel.CodeOutcome(rows, options);
        var design = DesignMatrix.Build(rows, formula, intercept: false);
        var results = new List<NominalEffectTest>();
        foreach (string term in formula.Terms.OrderBy(t => t.Count(ch => ch == ':')))
        {
            bool[] nominal = design.ColumnTerms.Select(t => SpannedBy(t, term, design)).ToArray();
            var nominalColumns = Enumerable.Range(0, nominal.Length).Where(c => nominal[c]).ToArray();
            var locationColumns = Enumerable.Range(0, nominal.Length).Where(c => !nominal[c]).ToArray();
            var z = Columns(design.X, nominalColumns);
            var x = Columns(design.X, locationColumns);
            var names = new List<string>();
            for (int j = 0; j < used.Length - 1; j++)
            {
                names.Add($"{used[j]}|{used[j + 1]}");
            }

            for (int j = 0; j < used.Length - 1; j++)
            {
                names.AddRange(nominalColumns.Select(c => $"{used[j]}|{used[j + 1]}.{design.ColumnNames[c]}"));
            }

            names.AddRange(locationColumns.Select(c => design.ColumnNames[c]));
            int df = (used.Length - 2) * nominalColumns.Length;
            try
            {
                var fit = CumulativeLogitFitter.Run(y, used.Length, x, z, names, options.MaxIterations, tolerateDivergence: true);
                var lr = LikelihoodRatioTest.Between(proportional.LogLikelihood, proportional.ParameterCount, fit.LogLikelihood, names.Count);
                results.Add(new NominalEffectTest(term, lr.DegreesOfFreedom, fit.LogLikelihood, lr.Statistic, lr.PValue, fit.Diverged, null));
            }
            catch (ModelFitException e)
            {
                results.Add(new NominalEffectTest(term, df, double.NaN, double.NaN, double.NaN, false, e.Message));
            }
            catch (ArgumentException) when (df == 0)
            {
                // Two categories: one threshold, so a nominal effect is the location effect; nothing to test.
                results.Add(new NominalEffectTest(term, 0, proportional.LogLikelihood, 0, double.NaN, false, "Only two outcome categories: the assumption is not testable."));
            }
        }

        return results;
    }

    /// <summary>
    /// Whether column term <paramref name="columnTerm"/> lies in the span of R's <c>model.matrix(~ term)</c>, which
    /// codes a term whose margins are absent with full indicators: the terms made of a subset of the term's variables
    /// that keeps all its numeric ones. Those columns become nominal; clm drops them from the location as aliased.
    /// </summary>
    private static bool SpannedBy(string columnTerm, string term, DesignMatrix design)
    {
        var variables = term.Split(':');
        var columnVariables = columnTerm.Split(':');
        return columnVariables.All(variables.Contains)
            && variables.Where(v => !design.FactorLevels.ContainsKey(v)).All(columnVariables.Contains);
    }

    private static Matrix<double> Columns(Matrix<double> x, int[] columns) =>
        Matrix<double>.Build.Dense(x.RowCount, columns.Length, (i, j) => x[i, columns[j]]);
}
