using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MisuseLab.Analysis.Statistics;

/// <summary>Options of <see cref="ClusterRobustLogisticRegression"/>.</summary>
/// <param name="ConfidenceLevel">Of the Wald intervals, which use the cluster-robust SE (default 0.95).</param>
/// <param name="MaxIterations">Newton (IRLS) iterations before the fit is declared divergent (default 100).</param>
public sealed record ClusterRobustOptions(double ConfidenceLevel = 0.95, int MaxIterations = 100)
{
    public void Validate(string parameterName)
    {
        SampleGuard.ConfidenceLevel(ConfidenceLevel, parameterName + "." + nameof(ConfidenceLevel));
        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, MaxIterations, $"Expected {nameof(MaxIterations)} ≥ 1, found {MaxIterations}.");
        }
    }
}

/// <summary>A logistic coefficient: model-based SE (R's <c>glm</c>) and the cluster-robust CR1 SE on which the z test,
/// p-value and interval rest; odds ratio exp(β) with exp of the interval.</summary>
public sealed record RobustCoefficient(
    string Name, double Estimate, double ModelStandardError, double RobustStandardError, double Z, double PValue,
    double Lower, double Upper, double OddsRatio, double OddsRatioLower, double OddsRatioUpper);

public sealed record ClusterRobustResult(
    ModelFormula Formula, IReadOnlyList<RobustCoefficient> Coefficients, double LogLikelihood, int Observations, int Clusters,
    int Iterations, double ConfidenceLevel)
{
    public RobustCoefficient Coefficient(string name) =>
        Coefficients.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"Expected a coefficient named '{name}', found [{string.Join(", ", Coefficients.Select(c => c.Name))}].");
}

/// <summary>
/// Logistic regression of a 0/1 outcome (maximum likelihood as R's <c>glm(y ~ terms, family = binomial)</c>, with an
/// intercept and treatment contrasts) whose inference uses the cluster-robust sandwich covariance with clusters =
/// participants, CR1 small-sample correction: V = G/(G−1) · (N−1)/(N−K) · B M B with B = (XᵀWX)⁻¹ and
/// M = Σ_g (Σ_{i∈g} xᵢ(yᵢ − μᵢ))(…)ᵀ — what R's <c>sandwich::vcovCL(fit, cluster = ~participant)</c> gives with its
/// defaults (type "HC1", cadjust = TRUE).
/// Why this and not a mixed model: a participant's answers are correlated, so the naive binomial SE is too small;
/// the sandwich fixes the SE without modelling the correlation, needs no variance components (no Laplace
/// approximation to reproduce) and stays valid when the correlation is not exchangeable. It estimates the
/// population-averaged odds ratio, which is smaller in magnitude than glmer's participant-specific one; with ≥ 30
/// participants per arm the test's size is close to nominal. The mixed model's numbers come from the R script
/// (see ParticipantAccuracyTests: <c>lme4::glmer(correct ~ arm + (1 | participant) + (1 | item), family = binomial)</c>).
/// </summary>
public static class ClusterRobustLogisticRegression
{
    /// <param name="rows">Outcome 0 or 1 per row.</param>
    /// <param name="clusters">The cluster (participant) of each row.</param>
    public static ClusterRobustResult Fit(IReadOnlyList<ModelRow> rows, IReadOnlyList<string> clusters, ModelFormula formula, ClusterRobustOptions? options = null)
    {
        options ??= new ClusterRobustOptions();
        options.Validate(nameof(options));
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(clusters);
        SampleGuard.SameLength(clusters.Count, rows.Count, nameof(clusters), nameof(rows));
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Outcome is not (0 or 1))
            {
                throw new ArgumentException($"Expected outcomes 0 or 1, found {rows[i].Outcome} at row {i}.", nameof(rows));
            }
        }

        var clusterIds = clusters.Select((c, i) => c ?? throw new ArgumentException($"Expected a cluster id at index {i}, found null.", nameof(clusters))).ToArray();
        int clusterCount = clusterIds.Distinct(StringComparer.Ordinal).Count();
        if (clusterCount < 2)
        {
            throw new ArgumentException($"Expected at least 2 clusters for a cluster-robust variance, found {clusterCount}.", nameof(clusters));
        }

        var design = DesignMatrix.Build(rows, formula, intercept: true);
        var x = design.X;
        var y = Vector<double>.Build.Dense(rows.Count, i => rows[i].Outcome);
        var (beta, logLik, iterations) = Newton(x, y, design.ColumnNames, options.MaxIterations);

        var mu = Mu(x, beta);
        var weighted = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (i, j) => x[i, j] * mu[i] * (1 - mu[i]));
        var bread = (x.TransposeThisAndMultiply(weighted)).Inverse();
        var meat = Matrix<double>.Build.Dense(x.ColumnCount, x.ColumnCount);
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => clusterIds[i], StringComparer.Ordinal))
        {
            var score = Vector<double>.Build.Dense(x.ColumnCount);
            foreach (int i in group)
            {
                score += x.Row(i) * (y[i] - mu[i]);
            }

            meat += score.OuterProduct(score);
        }

        double n = rows.Count, k = x.ColumnCount, g = clusterCount;
        var robust = bread * meat * bread * (g / (g - 1) * (n - 1) / (n - k));
        double z = Normal.InvCDF(0, 1, 0.5 + options.ConfidenceLevel / 2);
        var coefficients = new List<RobustCoefficient>();
        for (int c = 0; c < x.ColumnCount; c++)
        {
            double b = beta[c], se = Math.Sqrt(robust[c, c]);
            double lower = b - z * se, upper = b + z * se;
            coefficients.Add(new RobustCoefficient(design.ColumnNames[c], b, Math.Sqrt(bread[c, c]), se, b / se,
                2 * Normal.CDF(0, 1, -Math.Abs(b / se)), lower, upper, Math.Exp(b), Math.Exp(lower), Math.Exp(upper)));
        }

        return new ClusterRobustResult(formula, coefficients, logLik, rows.Count, clusterCount, iterations, options.ConfidenceLevel);
    }

    private static (Vector<double> Beta, double LogLik, int Iterations) Newton(Matrix<double> x, Vector<double> y, IReadOnlyList<string> names, int maxIterations)
    {
        var beta = Vector<double>.Build.Dense(x.ColumnCount);
        double logLik = LogLik(x, y, beta);
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            var mu = Mu(x, beta);
            var weighted = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (i, j) => x[i, j] * mu[i] * (1 - mu[i]));
            var information = x.TransposeThisAndMultiply(weighted);
            Vector<double> step;
            try
            {
                step = information.Cholesky().Solve(x.TransposeThisAndMultiply(y - mu));
            }
            catch (ArgumentException)
            {
                throw Separation(names, beta, iteration, "the information matrix stopped being positive definite");
            }

            bool converged = step.AbsoluteMaximum() < 1e-10;
            double scale = 1;
            var candidate = beta + step;
            double candidateLogLik = LogLik(x, y, candidate);
            for (int halving = 0; halving < 40 && !(candidateLogLik >= logLik - 1e-12 * Math.Abs(logLik)); halving++)
            {
                scale /= 2;
                candidate = beta + scale * step;
                candidateLogLik = LogLik(x, y, candidate);
            }

            beta = candidate;
            logLik = candidateLogLik;
            if (converged)
            {
                return (beta, logLik, iteration);
            }
        }

        throw Separation(names, beta, maxIterations, "Newton did not converge");
    }

    private static ModelFitException Separation(IReadOnlyList<string> names, Vector<double> beta, int iterations, string what)
    {
        int largest = beta.AbsoluteMaximumIndex();
        return new ModelFitException(
            $"The logistic fit failed after {iterations} iterations ({what}); '{names[largest]}' = {beta[largest]:G4} keeps growing. " +
            "This is separation: some arm or level answered every item correctly (or every item wrongly). " +
            "Report that arm's accuracy descriptively or merge levels.");
    }

    private static Vector<double> Mu(Matrix<double> x, Vector<double> beta) => (x * beta).Map(t => 1 / (1 + Math.Exp(-t)));

    /// <summary>Σ y·η − log(1 + e^η), written so large |η| neither overflows nor loses the small term.</summary>
    private static double LogLik(Matrix<double> x, Vector<double> y, Vector<double> beta)
    {
        var eta = x * beta;
        double sum = 0;
        for (int i = 0; i < eta.Count; i++)
        {
            double e = eta[i];
            double softplus = e > 0 ? e + Math.Log(1 + Math.Exp(-e)) : Math.Log(1 + Math.Exp(e));
            sum += y[i] * e - softplus;
        }

        return sum;
    }
}
