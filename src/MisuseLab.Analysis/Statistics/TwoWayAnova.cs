using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MisuseLab.Analysis.Statistics;

/// <summary>One row of an ANOVA table: a term's sum of squares, degrees of freedom, F and p (null for the residuals).</summary>
public sealed record AnovaTerm(string Term, double SumOfSquares, int Df, double? F, double? P);

/// <summary>The table of <see cref="TwoWayAnova.Fit"/>: the A, B and A:B terms, then the residuals.</summary>
public sealed record AnovaTable(IReadOnlyList<AnovaTerm> Terms)
{
    public AnovaTerm Term(string name) => Terms.Single(t => t.Term == name);
}

/// <summary>
/// The two-way between-subjects ANOVA of Kaur et al.'s preregistered analysis, computed as R's
/// <c>aov(y ~ A * B)</c> computes it: sequential (type I) sums of squares in the order A, B, A:B — each term's SS is the
/// drop in residual SS when it joins the model holding the terms before it — with treatment-coded two-level factors,
/// F = (SS / df) / (residual SS / residual df) and p from the F distribution. In an unbalanced design the order
/// matters (A first), as it does in R; a balanced design gives the same table in any order.
/// </summary>
public static class TwoWayAnova
{
    public static AnovaTable Fit(IReadOnlyList<FactorialObservation> rows, TwoLevelFactor a, TwoLevelFactor b)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a.Validate(nameof(a));
        b.Validate(nameof(b));
        foreach (var r in rows)
        {
            if (r.LevelOfA != a.FirstLevel && r.LevelOfA != a.SecondLevel)
                throw new ArgumentException($"Expected level '{a.FirstLevel}' or '{a.SecondLevel}' of '{a.Name}'; found '{r.LevelOfA}'.", nameof(rows));
            if (r.LevelOfB != b.FirstLevel && r.LevelOfB != b.SecondLevel)
                throw new ArgumentException($"Expected level '{b.FirstLevel}' or '{b.SecondLevel}' of '{b.Name}'; found '{r.LevelOfB}'.", nameof(rows));
            if (!double.IsFinite(r.Value))
                throw new ArgumentException($"Expected finite values; found {r.Value}.", nameof(rows));
        }
        var cells = rows.GroupBy(r => (r.LevelOfA, r.LevelOfB)).ToList();
        if (cells.Count < 4)
            throw new ArgumentException($"Expected observations in all four cells of {a.Name} × {b.Name}; found {cells.Count}.", nameof(rows));
        var n = rows.Count;
        if (n <= 4)
            throw new ArgumentException($"Expected more observations than the model's 4 parameters; found {n}.", nameof(rows));

        var y = Vector<double>.Build.Dense([.. rows.Select(r => r.Value)]);
        var xa = rows.Select(r => r.LevelOfA == a.SecondLevel ? 1.0 : 0.0).ToArray();
        var xb = rows.Select(r => r.LevelOfB == b.SecondLevel ? 1.0 : 0.0).ToArray();
        var one = Enumerable.Repeat(1.0, n).ToArray();
        var xab = xa.Zip(xb, (p, q) => p * q).ToArray();

        var rss0 = Rss(y, [one]);
        var rssA = Rss(y, [one, xa]);
        var rssAB = Rss(y, [one, xa, xb]);
        var rssFull = Rss(y, [one, xa, xb, xab]);
        var dfRes = n - 4;
        var msRes = rssFull / dfRes;
        // A term that explains nothing (cell means exactly additive, say) can come out a rounding error below zero, where
        // the F distribution is undefined; R reports such a term as ~0 with p ~1, and so does this.
        AnovaTerm Term(string name, double drop)
        {
            var ss = Math.Max(0, drop);
            return new(name, ss, 1, ss / msRes, 1 - FisherSnedecor.CDF(1, dfRes, ss / msRes));
        }
        return new AnovaTable(
        [
            Term(a.Name, rss0 - rssA),
            Term(b.Name, rssA - rssAB),
            Term($"{a.Name}:{b.Name}", rssAB - rssFull),
            new AnovaTerm("Residuals", rssFull, dfRes, null, null),
        ]);
    }

    /// <summary>Residual sum of squares of the least-squares fit on the given columns (QR, as R's lm uses).</summary>
    private static double Rss(Vector<double> y, double[][] columns)
    {
        var x = Matrix<double>.Build.DenseOfColumnArrays(columns);
        var beta = x.QR().Solve(y);
        var residual = y - x * beta;
        return residual.DotProduct(residual);
    }
}
