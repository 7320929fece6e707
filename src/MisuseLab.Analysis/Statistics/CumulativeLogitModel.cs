using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MisuseLab.Analysis.Statistics;

/// <summary>Options of <see cref="CumulativeLogitModel"/>.</summary>
/// <param name="ConfidenceLevel">Of the Wald intervals (default 0.95).</param>
/// <param name="MaxIterations">Newton–Raphson iterations before the fit is declared divergent (default 100; a
/// well-posed fit needs fewer than 15).</param>
/// <param name="DeclaredLevels">The rating scale, e.g. 1…7. Optional: when given, an outcome outside it is an error and
/// levels nobody chose are listed in <see cref="CumulativeLogitResult.UnusedLevels"/>.</param>
public sealed record CumulativeLogitOptions(double ConfidenceLevel = 0.95, int MaxIterations = 100, IReadOnlyList<int>? DeclaredLevels = null)
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

/// <summary>A threshold θ (cut point) on the logit scale, named like R ("1|2"; "3|5" when no one chose 4).</summary>
public sealed record ThresholdEstimate(string Name, double Estimate, double StandardError);

/// <summary>
/// A location coefficient β with its Wald test and interval, and the odds ratio exp(β) with exp of the interval.
/// clm's sign convention: logit P(Y ≤ j) = θⱼ − x·β, so β &gt; 0 (odds ratio &gt; 1) means higher ratings.
/// </summary>
public sealed record CoefficientEstimate(
    string Name, string Term, double Estimate, double StandardError, double Z, double PValue,
    double Lower, double Upper, double OddsRatio, double OddsRatioLower, double OddsRatioUpper);

/// <summary>A fitted proportional-odds model. <see cref="ParameterCount"/> is R's <c>df</c> of <c>logLik</c>.</summary>
public sealed record CumulativeLogitResult(
    ModelFormula Formula,
    IReadOnlyList<int> OutcomeLevels,
    IReadOnlyList<int> UnusedLevels,
    IReadOnlyList<ThresholdEstimate> Thresholds,
    IReadOnlyList<CoefficientEstimate> Coefficients,
    double LogLikelihood,
    int Observations,
    int Iterations,
    double ConfidenceLevel)
{
    public int ParameterCount => Thresholds.Count + Coefficients.Count;

    /// <summary>The coefficient named like R's column (e.g. "Ab:By").</summary>
    public CoefficientEstimate Coefficient(string name) =>
        Coefficients.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"Expected a coefficient named '{name}', found [{string.Join(", ", Coefficients.Select(c => c.Name))}].");
}

/// <summary>
/// Cumulative-logit proportional-odds model (ordinal regression) with a logit link; matches R's
/// <c>ordinal::clm(rating ~ terms, data)</c> with the response an ordered factor and treatment contrasts: thresholds
/// and coefficients by Newton–Raphson on the exact likelihood, standard errors from the inverse observed information
/// (R's <c>vcov</c>), Wald z tests and intervals (R's <c>summary</c> and <c>confint(m, type = "Wald")</c>), and
/// <c>logLik</c>. Like clm, outcome levels nobody chose are dropped (their thresholds merge: "3|5").
/// </summary>
public static class CumulativeLogitModel
{
    /// <exception cref="ArgumentException">Rows are missing a variable or an outcome is outside the declared levels.</exception>
    /// <exception cref="ModelFitException">Fewer than two categories were used, a design cell is empty, columns are
    /// collinear, or the data are separated.</exception>
    public static CumulativeLogitResult Fit(IReadOnlyList<ModelRow> rows, ModelFormula formula, CumulativeLogitOptions? options = null)
    {
        options ??= new CumulativeLogitOptions();
        options.Validate(nameof(options));
        var (y, used, unused) = CodeOutcome(rows, options);
        var design = DesignMatrix.Build(rows, formula, intercept: false);
        var thresholdNames = Enumerable.Range(0, used.Length - 1).Select(j => $"{used[j]}|{used[j + 1]}").ToArray();
        var fit = CumulativeLogitFitter.Run(y, used.Length, design.X, null, [.. thresholdNames, .. design.ColumnNames], options.MaxIterations);
        var covariance = fit.Information.Inverse();
        double z = Normal.InvCDF(0, 1, 0.5 + options.ConfidenceLevel / 2);

        var thresholds = thresholdNames.Select((name, j) => new ThresholdEstimate(name, fit.Parameters[j], Math.Sqrt(covariance[j, j]))).ToList();
        var coefficients = new List<CoefficientEstimate>();
        for (int c = 0; c < design.ColumnNames.Count; c++)
        {
            int k = thresholdNames.Length + c;
            double b = fit.Parameters[k], se = Math.Sqrt(covariance[k, k]);
            double lower = b - z * se, upper = b + z * se;
            coefficients.Add(new CoefficientEstimate(design.ColumnNames[c], design.ColumnTerms[c], b, se, b / se,
                2 * Normal.CDF(0, 1, -Math.Abs(b / se)), lower, upper, Math.Exp(b), Math.Exp(lower), Math.Exp(upper)));
        }

        return new CumulativeLogitResult(formula, used, unused, thresholds, coefficients, fit.LogLikelihood, rows.Count, fit.Iterations, options.ConfidenceLevel);
    }

    /// <summary>
    /// Likelihood-ratio test of one term (typically the interaction "A:B"): the model with and without it, as R's
    /// <c>anova(clm(rating ~ A + B), clm(rating ~ A * B))</c>.
    /// </summary>
    public static TermTest TestTerm(IReadOnlyList<ModelRow> rows, ModelFormula formula, string term, CumulativeLogitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(formula);
        if (!formula.Terms.Contains(term, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Expected '{term}' among the formula's terms, found [{formula}].", nameof(term));
        }

        var full = Fit(rows, formula, options);
        var reduced = Fit(rows, formula.Without(term), options);
        return new TermTest(term, full, reduced, LikelihoodRatioTest.Between(reduced.LogLikelihood, reduced.ParameterCount, full.LogLikelihood, full.ParameterCount));
    }

    /// <summary>
    /// Codes the outcome as category indices 0…J−1 over the levels actually used (clm drops empty levels of the
    /// response factor), and lists the declared levels nobody used.
    /// </summary>
    internal static (int[] Y, int[] Used, int[] Unused) CodeOutcome(IReadOnlyList<ModelRow> rows, CumulativeLogitOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] is null || rows[i].Factors is null)
            {
                throw new ArgumentException($"Expected a row with a factor dictionary at index {i}, found null.", nameof(rows));
            }

            if (options.DeclaredLevels is { } declared && !declared.Contains(rows[i].Outcome))
            {
                throw new ArgumentException($"Expected outcomes in the declared levels [{string.Join(", ", declared)}], found {rows[i].Outcome} at row {i}.", nameof(rows));
            }
        }

        int[] used = rows.Select(r => r.Outcome).Distinct().Order().ToArray();
        if (used.Length < 2)
        {
            throw new ModelFitException(
                $"Expected ratings in at least two categories, found {(used.Length == 0 ? "no rows" : $"every rating = {used[0]}")}: " +
                "an ordinal model has nothing to estimate. Report the ratings descriptively.");
        }

        var index = used.Select((level, k) => (level, k)).ToDictionary(p => p.level, p => p.k);
        int[] unused = options.DeclaredLevels?.Where(l => !index.ContainsKey(l)).Order().ToArray() ?? [];
        return (rows.Select(r => index[r.Outcome]).ToArray(), used, unused);
    }
}

/// <summary>A likelihood-ratio χ² test between nested models, as R's <c>anova(reduced, full)</c>.</summary>
public sealed record LikelihoodRatioTest(double Statistic, int DegreesOfFreedom, double PValue)
{
    public static LikelihoodRatioTest Between(double reducedLogLik, int reducedParameters, double fullLogLik, int fullParameters)
    {
        int df = fullParameters - reducedParameters;
        if (df < 1)
        {
            throw new ArgumentException($"Expected the full model to have more parameters than the reduced one, found {fullParameters} vs {reducedParameters}.", nameof(fullParameters));
        }

        // The full model nests the reduced one, so a negative statistic is rounding at a shared optimum.
        double statistic = Math.Max(0, 2 * (fullLogLik - reducedLogLik));
        // Upper regularised gamma rather than 1 − CDF, so small p-values keep their digits.
        return new LikelihoodRatioTest(statistic, df, MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2));
    }
}

/// <summary>One term tested by likelihood ratio: both fitted models and the test.</summary>
public sealed record TermTest(string Term, CumulativeLogitResult Full, CumulativeLogitResult Reduced, LikelihoodRatioTest Test);
