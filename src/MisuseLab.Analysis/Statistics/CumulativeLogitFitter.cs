using MathNet.Numerics.LinearAlgebra;

namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// Maximum likelihood for the cumulative-logit model P(Y ≤ j | x, z) = F(θⱼ + z·δⱼ − x·β), F the logistic CDF, by
/// Newton–Raphson on the exact log-likelihood with its analytic gradient and Hessian (R's <c>ordinal::clm</c> uses
/// the same Newton iteration). z holds the nominal columns, whose effects differ per threshold (none in a
/// proportional-odds model). The log-likelihood is concave (Pratt 1981), so Newton with step halving finds the
/// unique maximum when one exists; when it does not (separation), the steps never shrink and the fit throws.
/// Parameter layout: θ₁…θ_{J−1}, then δ by threshold then nominal column, then β.
/// </summary>
internal static class CumulativeLogitFitter
{
    /// <param name="Diverged">Some parameter ran off to ±∞ while ℓ settled at its supremum (only with tolerateDivergence).</param>
    internal sealed record Fit(double[] Parameters, double LogLikelihood, Matrix<double> Information, int Iterations, bool Diverged = false);

    /// <summary>ℓ gains below this per iteration mean the likelihood has reached its supremum along a divergent direction.</summary>
    private const double SettledGain = 1e-9;

    /// <param name="y">Category index 0…J−1 per row; every category must occur.</param>
    /// <param name="parameterNames">Names in parameter layout, used in error messages.</param>
    /// <param name="tolerateDivergence">Return the supremum of ℓ instead of throwing when parameters diverge (as clm
    /// does with a warning, which <c>nominal_test</c> accepts); for likelihood-ratio statistics only.</param>
    public static Fit Run(int[] y, int categories, Matrix<double> x, Matrix<double>? z, IReadOnlyList<string> parameterNames, int maxIterations,
        bool tolerateDivergence = false)
    {
        int q = z?.ColumnCount ?? 0;
        int size = (categories - 1) * (1 + q) + x.ColumnCount;
        var theta = new double[size];

        // Start at the marginal cumulative logits with no effects: valid (ordered) and close for small effects.
        var counts = new int[categories];
        foreach (int c in y)
        {
            counts[c]++;
        }

        double cumulative = 0;
        for (int j = 0; j < categories - 1; j++)
        {
            cumulative += counts[j];
            double p = cumulative / y.Length;
            theta[j] = Math.Log(p / (1 - p));
        }

        double logLik = Evaluate(y, categories, x, z, theta, null, null);
        double lastGain = double.PositiveInfinity;
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            var gradient = new double[size];
            var hessian = new double[size, size];
            Evaluate(y, categories, x, z, theta, gradient, hessian);
            var information = Matrix<double>.Build.DenseOfArray(hessian).Negate();
            var cholesky = TryCholesky(information);
            if (cholesky is null)
            {
                if (tolerateDivergence && lastGain < SettledGain)
                {
                    return new Fit(theta, logLik, information, iteration, Diverged: true);
                }

                throw Separation(theta, parameterNames, iteration, "the information matrix stopped being positive definite");
            }

            var step = cholesky.Solve(Vector<double>.Build.DenseOfArray(gradient));

            // Converged when the full Newton step is negligible; quadratic convergence makes the last step ~1e-15.
            bool converged = step.AbsoluteMaximum() < 1e-9;

            // Step halving keeps every iterate inside the region where all probabilities are positive and ℓ rises.
            double scale = 1.0;
            double[] candidate = new double[size];
            double candidateLogLik = double.NegativeInfinity;
            for (int halving = 0; halving < 40 && !(candidateLogLik >= logLik - 1e-12 * Math.Abs(logLik)); halving++, scale /= 2)
            {
                for (int k = 0; k < size; k++)
                {
                    candidate[k] = theta[k] + scale * step[k];
                }

                candidateLogLik = Evaluate(y, categories, x, z, candidate, null, null);
            }

            if (!(candidateLogLik >= logLik - 1e-12 * Math.Abs(logLik)))
            {
                throw Separation(theta, parameterNames, iteration,
                    "no step along the Newton direction raises the likelihood (the optimum lies on the boundary, e.g. two thresholds merging)");
            }

            theta = candidate;
            lastGain = candidateLogLik - logLik;
            logLik = candidateLogLik;
            if (converged)
            {
                var finalGradient = new double[size];
                var finalHessian = new double[size, size];
                Evaluate(y, categories, x, z, theta, finalGradient, finalHessian);
                var finalInformation = Matrix<double>.Build.DenseOfArray(finalHessian).Negate();
                if (TryCholesky(finalInformation) is null)
                {
                    throw Separation(theta, parameterNames, iteration, "the information matrix is singular at the optimum");
                }

                return new Fit(theta, logLik, finalInformation, iteration);
            }
        }

        if (tolerateDivergence && lastGain < SettledGain)
        {
            return new Fit(theta, logLik, Matrix<double>.Build.Dense(theta.Length, theta.Length), maxIterations, Diverged: true);
        }

        throw Separation(theta, parameterNames, maxIterations, $"Newton–Raphson did not converge in {maxIterations} iterations");
    }

    /// <summary>ℓ(θ); when <paramref name="gradient"/> and <paramref name="hessian"/> are given, also adds ∇ℓ and ∇²ℓ into them.</summary>
    internal static double Evaluate(int[] y, int categories, Matrix<double> x, Matrix<double>? z, double[] theta, double[]? gradient, double[,]? hessian)
    {
        int q = z?.ColumnCount ?? 0;
        int p = x.ColumnCount;
        int betaStart = (categories - 1) * (1 + q);
        int size = theta.Length;
        double logLik = 0;
        var gUpper = new double[size];
        var gLower = new double[size];
        for (int i = 0; i < y.Length; i++)
        {
            int c = y[i];
            bool hasUpper = c < categories - 1, hasLower = c > 0;
            double upper = hasUpper ? Predictor(i, c, x, z, theta, q, p, betaStart) : double.PositiveInfinity;
            double lower = hasLower ? Predictor(i, c - 1, x, z, theta, q, p, betaStart) : double.NegativeInfinity;
            double prob = IntervalProbability(lower, upper);
            if (!(prob > 0))
            {
                return double.NegativeInfinity;
            }

            logLik += Math.Log(prob);
            if (gradient is null || hessian is null)
            {
                continue;
            }

            // u = θ_c + z·δ_c − x·β is linear in the parameters; gUpper/gLower are its gradients (zero at ±∞).
            Array.Clear(gUpper);
            Array.Clear(gLower);
            double fU = 0, fL = 0, dfU = 0, dfL = 0;
            if (hasUpper)
            {
                FillPredictorGradient(gUpper, i, c, x, z, q, p, betaStart);
                (fU, dfU) = Density(upper);
            }

            if (hasLower)
            {
                FillPredictorGradient(gLower, i, c - 1, x, z, q, p, betaStart);
                (fL, dfL) = Density(lower);
            }

            // ∇ log P = a / P with a = f(u)∇u − f(l)∇l; ∇² log P = (f'(u)∇u∇uᵀ − f'(l)∇l∇lᵀ)/P − a aᵀ/P².
            for (int r = 0; r < size; r++)
            {
                double ar = fU * gUpper[r] - fL * gLower[r];
                gradient[r] += ar / prob;
                if (gUpper[r] == 0 && gLower[r] == 0)
                {
                    continue;
                }

                for (int s = 0; s < size; s++)
                {
                    double a_s = fU * gUpper[s] - fL * gLower[s];
                    hessian[r, s] += (dfU * gUpper[r] * gUpper[s] - dfL * gLower[r] * gLower[s]) / prob - ar * a_s / (prob * prob);
                }
            }
        }

        return logLik;
    }

    private static double Predictor(int i, int j, Matrix<double> x, Matrix<double>? z, double[] theta, int q, int p, int betaStart)
    {
        double u = theta[j];
        for (int k = 0; k < q; k++)
        {
            u += z![i, k] * theta[NominalIndex(j, k, q, betaStart)];
        }

        for (int c = 0; c < p; c++)
        {
            u -= x[i, c] * theta[betaStart + c];
        }

        return u;
    }

    private static void FillPredictorGradient(double[] g, int i, int j, Matrix<double> x, Matrix<double>? z, int q, int p, int betaStart)
    {
        g[j] = 1;
        for (int k = 0; k < q; k++)
        {
            g[NominalIndex(j, k, q, betaStart)] = z![i, k];
        }

        for (int c = 0; c < p; c++)
        {
            g[betaStart + c] = -x[i, c];
        }
    }

    /// <summary>δ_{j,k} sits after the J−1 thresholds, threshold-major.</summary>
    private static int NominalIndex(int j, int k, int q, int betaStart) => betaStart / (1 + q) + j * q + k;

    /// <summary>F(u) − F(l), computed on the side of 0 where it does not cancel.</summary>
    internal static double IntervalProbability(double lower, double upper)
    {
        if (lower > 0)
        {
            return Logistic(-lower) - Logistic(-upper);
        }

        return Logistic(upper) - Logistic(lower);
    }

    private static double Logistic(double t) => double.IsPositiveInfinity(t) ? 1.0 : double.IsNegativeInfinity(t) ? 0.0 : 1.0 / (1.0 + Math.Exp(-t));

    /// <summary>The logistic density f = F(1 − F) and its derivative f' = f(1 − 2F).</summary>
    private static (double F, double Derivative) Density(double t)
    {
        double cdf = Logistic(t);
        double f = cdf * Logistic(-t);
        return (f, f * (1 - 2 * cdf));
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(Matrix<double> m)
    {
        try
        {
            var c = m.Cholesky();
            return double.IsFinite(c.DeterminantLn) ? c : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static ModelFitException Separation(double[] theta, IReadOnlyList<string> names, int iteration, string what)
    {
        int largest = 0;
        for (int k = 1; k < theta.Length; k++)
        {
            largest = Math.Abs(theta[k]) > Math.Abs(theta[largest]) ? k : largest;
        }

        return new ModelFitException(
            $"The cumulative-logit fit failed after {iteration} iterations: {what}. The largest parameter is " +
            $"'{names[largest]}' = {theta[largest]:G4}. This is the sign of (quasi-)separation: some level or cell has " +
            "all its ratings at one end of the scale (or beyond every rating of another), so its effect is infinite. " +
            "Merge sparse rating categories, drop the term, or report that cell descriptively.");
    }
}
