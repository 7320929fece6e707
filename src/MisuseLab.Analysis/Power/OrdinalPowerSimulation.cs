using System.Diagnostics;
using MathNet.Numerics.Distributions;
using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Power;

/// <summary>Simulated power at one total sample size, with its Monte-Carlo standard error.</summary>
/// <param name="FitFailures">Data sets the model could not fit (e.g. separation at a tiny n); counted as not rejecting.</param>
public sealed record PowerPoint(int Participants, double Power, double MonteCarloSe, int Simulations, int FitFailures);

/// <summary>
/// The search's answer. <see cref="Participants"/> is the smallest total size (a multiple of the cell count) whose
/// simulated power reached the target, null when the search stopped first (<see cref="Stopped"/> says why).
/// <see cref="Whitehead"/> is the closed-form approximation beside it (<see cref="OrdinalPowerSimulation.WhiteheadParticipants"/>).
/// </summary>
public sealed record PowerEstimate(
    OrdinalPowerOptions Options,
    int? Participants,
    IReadOnlyList<PowerPoint> Visited,
    double Whitehead,
    TimeSpan Elapsed,
    string? Stopped)
{
    public PowerPoint? AtEstimate => Participants is { } n ? Visited.First(p => p.Participants == n) : null;

    public string Method =>
        $"simulation: {Options.Simulations} data sets per size from a cumulative-logit model (reference-cell category probabilities " +
        $"[{string.Join(", ", Options.Baseline.Select(p => p.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}], odds ratio " +
        $"{Options.OddsRatio.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} on {Options.Term}, other effects 0), each fitted by " +
        $"CumulativeLogitModel and tested by the Wald z of {Options.Term} at α = {Options.Alpha.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}, seed {Options.Seed}";
}

/// <summary>
/// Participants needed for a target power on an ordinal rating, by simulation: data are generated from the same
/// proportional-odds model the analysis fits (logit P(Y ≤ j) = θⱼ − x·β, θ from the reference cell's category
/// probabilities, β = log odds ratio on the tested column), each data set is fitted by <see cref="CumulativeLogitModel"/>
/// and the coefficient's Wald test decides. Simulation rather than a formula because the declared analysis is that
/// model on that design — interaction columns, unused categories and small-sample behaviour included — where
/// Whitehead's (1993) closed form assumes two groups, local alternatives and large samples; the closed form is
/// reported beside it as a check. The search doubles n until power reaches the target, then bisects on multiples of
/// the cell count, all within <see cref="OrdinalPowerOptions.TimeBudget"/>.
/// </summary>
public static class OrdinalPowerSimulation
{
    public static PowerEstimate Estimate(OrdinalPowerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var cells = options.Cells().Count;
        var visited = new Dictionary<int, PowerPoint>();
        string? stopped = null;
        PowerPoint? At(int n)
        {
            if (visited.TryGetValue(n, out var known)) return known;
            var point = PowerAt(options, n, clock, cancellationToken);
            if (point is null) return null;
            visited[n] = point;
            return point;
        }

        // Doubling: the smallest power of two times the cell count (≥ 2 per cell) that reaches the target.
        int low = 0, high = cells * 2;
        while (true)
        {
            var point = At(high);
            if (point is null) { stopped = Timeout(options); break; }
            if (point.Power >= options.TargetPower) break;
            low = high;
            if (high >= options.MaxParticipants) { stopped = $"power {point.Power:0.000} at the largest size searched ({high}); the target needs more participants."; break; }
            high = Math.Min(high * 2, options.MaxParticipants - options.MaxParticipants % cells);
        }
        // Bisection on multiples of the cell count between the last size below target and the first at or above it.
        while (stopped is null && high - low > cells)
        {
            var mid = low + (high - low) / cells / 2 * cells;
            var point = At(mid);
            if (point is null) { stopped = Timeout(options); break; }
            if (point.Power >= options.TargetPower) high = mid; else low = mid;
        }
        var order = visited.Values.OrderBy(p => p.Participants).ToList();
        return new PowerEstimate(options, stopped is null ? high : null, order, WhiteheadParticipants(options), clock.Elapsed, stopped);
    }

    /// <summary>Simulated power at total size <paramref name="participants"/> (spread evenly over the cells; null when the time ran out).</summary>
    public static PowerPoint? PowerAt(OrdinalPowerOptions options, int participants, Stopwatch? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cells = options.Cells();
        var formula = options.Formula();
        var thresholds = Thresholds(options.Baseline);
        var beta = Math.Log(options.OddsRatio);
        var critical = Normal.InvCDF(0, 1, 1 - options.Alpha / 2);
        int rejected = 0, failures = 0;
        for (var s = 0; s < options.Simulations; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clock is not null && clock.Elapsed > options.Budget) return null;
            var random = new Random(StreamSeed(options.Seed, participants, s));
            var rows = new List<ModelRow>(participants);
            for (var i = 0; i < participants; i++)
            {
                var cell = cells[i % cells.Count];
                rows.Add(new ModelRow(Draw(thresholds, beta * options.Indicator(cell), random.NextDouble()), cell));
            }
            try
            {
                var fit = CumulativeLogitModel.Fit(rows, formula);
                var coefficient = fit.Coefficients.First(c => c.Term == options.Term);
                if (Math.Abs(coefficient.Z) > critical) rejected++;
            }
            catch (ModelFitException)
            {
                failures++;
            }
        }
        var power = rejected / (double)options.Simulations;
        return new PowerPoint(participants, power, Math.Sqrt(power * (1 - power) / options.Simulations), options.Simulations, failures);
    }

    /// <summary>
    /// Whitehead's (1993) closed form for comparing two groups on an ordinal scale under proportional odds, in its
    /// variance form Var(β̂) ≈ 3 / (1 − Σ p̄ⱼ³) · Σ_groups 1/mₖ (p̄ the category probabilities averaged over the groups):
    /// for a main effect 2 groups of N/2, N = 12(z₁₋α/₂ + z_power)² / (β²(1 − Σp̄ⱼ³)); for a 2 × 2 interaction the
    /// contrast of 4 cells of N/4, N = 48(…)² / (β²(1 − Σp̄ⱼ³)). A main effect of a factor crossed with others pools
    /// over them (they have no effect here), so its two groups are its two levels' halves of the sample.
    /// </summary>
    public static double WhiteheadParticipants(OrdinalPowerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var thresholds = Thresholds(options.Baseline);
        var beta = Math.Log(options.OddsRatio);
        var cells = options.Cells();
        var mean = new double[options.Baseline.Count];
        foreach (var cell in cells)
        {
            var p = Probabilities(thresholds, beta * options.Indicator(cell));
            for (var j = 0; j < mean.Length; j++) mean[j] += p[j] / cells.Count;
        }
        var v = 1 - mean.Sum(p => p * p * p);
        var z = Normal.InvCDF(0, 1, 1 - options.Alpha / 2) + Normal.InvCDF(0, 1, options.TargetPower);
        // Groups whose sizes enter Σ 1/mₖ: 2 halves for a factor's effect, 4 quarters for an interaction of two 2-level factors.
        var groups = options.Term.Contains(':', StringComparison.Ordinal) ? 4 : 2;
        var levels = options.Term.Split(':').Aggregate(1, (k, f) => k * options.Factors.First(x => x.Name == f).Levels.Count);
        // Each group holds N / (number of cells of the term's factors) participants; only the tested levels' groups count.
        return groups * levels * 3 * z * z / (beta * beta * v);
    }

    /// <summary>θⱼ = logit(P(Y ≤ j)) in the reference cell, j = 1…J−1.</summary>
    internal static double[] Thresholds(IReadOnlyList<double> baseline)
    {
        var theta = new double[baseline.Count - 1];
        double cumulative = 0;
        for (var j = 0; j < theta.Length; j++)
        {
            cumulative += baseline[j];
            theta[j] = Math.Log(cumulative / (1 - cumulative));
        }
        return theta;
    }

    /// <summary>Category probabilities at linear predictor η: P(Y ≤ j) = logistic(θⱼ − η).</summary>
    internal static double[] Probabilities(double[] thresholds, double eta)
    {
        var p = new double[thresholds.Length + 1];
        double previous = 0;
        for (var j = 0; j < thresholds.Length; j++)
        {
            var cumulative = 1 / (1 + Math.Exp(-(thresholds[j] - eta)));
            p[j] = cumulative - previous;
            previous = cumulative;
        }
        p[^1] = 1 - previous;
        return p;
    }

    /// <summary>The category (1-based) whose cumulative probability first exceeds u: inversion of the model's CDF.</summary>
    private static int Draw(double[] thresholds, double eta, double u)
    {
        for (var j = 0; j < thresholds.Length; j++)
        {
            if (u < 1 / (1 + Math.Exp(-(thresholds[j] - eta)))) return j + 1;
        }
        return thresholds.Length + 1;
    }

    /// <summary>
    /// A seed per (seed, size, data set) by SplitMix64 finalisation: deterministic across processes (HashCode is not)
    /// and far apart for neighbouring inputs.
    /// </summary>
    internal static int StreamSeed(int seed, int participants, int dataSet)
    {
        unchecked
        {
            var z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(uint)participants * 0xBF58476D1CE4E5B9UL + (ulong)(uint)dataSet * 0x94D049BB133111EBUL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)((z ^ (z >> 31)) & 0x7fffffff);
        }
    }

    private static string Timeout(OrdinalPowerOptions o) => $"the time budget of {o.Budget.TotalSeconds:0} s ran out before the search ended.";
}
