using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// The ANOVA table of a linear model with categorical factors of any number of levels, as R's
/// <c>anova(lm(y ~ f1 * f2 …))</c> computes it: sequential (type I) sums of squares in the formula's term order (main
/// effects, then interactions), each the drop in residual SS when the term's treatment-coded columns join the terms
/// before it; df = its number of columns; F = (SS / df) / (residual SS / residual df); p from the F distribution.
/// Least squares by QR, as lm does. Rows give the factor levels (<see cref="ModelRow.Outcome"/> is ignored); the values
/// are passed beside them because the outcome here is continuous.
/// </summary>
public static class LinearModelAnova
{
    /// <exception cref="ArgumentException">Rows and values differ in number, a value is not finite, or no residual df is left.</exception>
    /// <exception cref="ModelFitException">A cell of the design is empty, or the columns are collinear.</exception>
    public static AnovaTable Fit(IReadOnlyList<ModelRow> rows, IReadOnlyList<double> values, ModelFormula formula)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(formula);
        if (rows.Count != values.Count)
            throw new ArgumentException($"Expected one value per row ({rows.Count}); found {values.Count}.", nameof(values));
        for (var i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"Expected finite values; found {values[i]} at row {i}.", nameof(values));
        var design = DesignMatrix.Build(rows, formula, intercept: true);
        var dfResidual = rows.Count - design.X.ColumnCount;
        if (dfResidual < 1)
            throw new ArgumentException($"Expected more observations than the model's {design.X.ColumnCount} parameters; found {rows.Count}.", nameof(rows));

        // R's lm stops here too ("contrasts can be applied only to factors with 2 or more levels").
        foreach (var term in formula.Terms.Where(t => !design.ColumnTerms.Contains(t)))
            throw new ModelFitException($"Expected columns for term '{term}'; found none: a factor in it has a single level, so its effect cannot be estimated. Leave the factor out of the analysis's factors.");
        var y = Vector<double>.Build.Dense([.. values]);
        var terms = design.ColumnTerms.Distinct(StringComparer.Ordinal).ToList();
        // Columns are grouped by term in model order, so each step's model is a prefix of the design's columns.
        var drops = new List<(string Term, double Drop, int Df)>();
        var previous = Rss(y, design.X, 1);
        var used = 1;
        foreach (var term in terms.Skip(1))
        {
            var k = design.ColumnTerms.Count(t => t == term);
            used += k;
            var rss = Rss(y, design.X, used);
            drops.Add((term, previous - rss, k));
            previous = rss;
        }
        var msResidual = previous / dfResidual;
        // A term that explains nothing can come out a rounding error below zero, where F is undefined; R shows ~0, p ~1.
        var table = drops.Select(d =>
        {
            var ss = Math.Max(0, d.Drop);
            var f = ss / d.Df / msResidual;
            return new AnovaTerm(d.Term, ss, d.Df, f, 1 - FisherSnedecor.CDF(d.Df, dfResidual, f));
        }).ToList();
        table.Add(new AnovaTerm("Residuals", previous, dfResidual, null, null));
        return new AnovaTable(table);
    }

    private static double Rss(Vector<double> y, Matrix<double> x, int columns)
    {
        var sub = x.SubMatrix(0, x.RowCount, 0, columns);
        var residual = y - sub * sub.QR().Solve(y);
        return residual.DotProduct(residual);
    }
}
