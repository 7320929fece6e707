using MathNet.Numerics.Distributions;
using MisuseLab.Analysis.Power;

namespace MisuseLab.Analysis.Tests.Power;

/// <summary>
/// The simulated power of the cumulative-logit Wald test against Whitehead's (1993) closed form, written out here
/// for two groups: Var(β̂) = 3/(1 − Σp̄ⱼ³)·(1/m₁ + 1/m₂), power = Φ(|β|/SE − z₁₋α/₂).
/// </summary>
public class OrdinalPowerSimulationTests
{
    private static readonly (string, IReadOnlyList<string>)[] OneFactor = [("fidelity", ["real", "inverted"])];
    private static readonly (string, IReadOnlyList<string>)[] TwoByTwo = [("explainer", ["gam", "shap"]), ("fidelity", ["real", "inverted"])];

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Category probabilities of group 2 (shifted by β) next to group 1's, averaged: p̄.</summary>
    private static double[] MeanProbabilities(double[] baseline, double beta)
    {
        var cumulative = 0.0;
        var shifted = new double[baseline.Length];
        var previous = 0.0;
        for (var j = 0; j < baseline.Length; j++)
        {
            cumulative += baseline[j];
            var c = j == baseline.Length - 1 ? 1 : Logistic(Math.Log(cumulative / (1 - cumulative)) - beta);
            shifted[j] = c - previous;
            previous = c;
        }
        return [.. baseline.Select((p, j) => (p + shifted[j]) / 2)];
    }

    [Theory]
    [InlineData(new[] { 0.2, 0.2, 0.2, 0.2, 0.2 }, 2.2, 100)]
    [InlineData(new[] { 0.05, 0.1, 0.2, 0.3, 0.2, 0.1, 0.05 }, 0.5, 120)]
    public void Simulated_power_of_a_two_group_comparison_matches_Whiteheads_closed_form(double[] baseline, double oddsRatio, int participants)
    {
        var options = new OrdinalPowerOptions(OneFactor, "fidelity", oddsRatio, baseline, Simulations: 2000, Seed: 7);
        var simulated = OrdinalPowerSimulation.PowerAt(options, participants)!;

        var beta = Math.Log(oddsRatio);
        var v = 1 - MeanProbabilities(baseline, beta).Sum(p => p * p * p);
        var se = Math.Sqrt(3 / v * (2.0 / participants + 2.0 / participants));
        var expected = Normal.CDF(0, 1, Math.Abs(beta) / se - Normal.InvCDF(0, 1, 0.975));

        // Monte-Carlo SE ≈ 0.01 at 2000 data sets; the closed form is a large-sample approximation, so 0.035 (> 3 SE).
        Assert.True(Math.Abs(simulated.Power - expected) < 0.035,
            $"simulated power {simulated.Power:0.000} (MC SE {simulated.MonteCarloSe:0.000}) vs Whitehead {expected:0.000} at n = {participants}, OR = {oddsRatio}");
        Assert.Equal(0, simulated.FitFailures);
    }

    [Theory]
    [InlineData("fidelity", 2.0)]
    [InlineData("explainer:fidelity", 4.0)]
    public void The_search_lands_near_the_closed_form_sample_size_and_is_deterministic(string term, double oddsRatio)
    {
        var baseline = OrdinalPowerOptions.Uniform(7);
        // 200 data sets per size: MC SE ≈ 0.03 near 0.8, i.e. about ±7% on n. The budget only guards a very busy machine.
        var options = new OrdinalPowerOptions(TwoByTwo, term, oddsRatio, baseline, Simulations: 200, Seed: 11, TimeBudget: TimeSpan.FromMinutes(10));
        var estimate = OrdinalPowerSimulation.Estimate(options);
        Assert.True(estimate.Stopped is null, estimate.Stopped);
        var n = estimate.Participants!.Value;
        Assert.Equal(0, n % 4);

        // Closed form, by hand: a main effect compares two halves (m = N/2), the interaction contrasts four quarters (m = N/4).
        var beta = Math.Log(oddsRatio);
        var pbar = term.Contains(':', StringComparison.Ordinal)
            ? baseline.Select((p, j) => (3 * p + 2 * MeanProbabilities([.. baseline], beta)[j] - p) / 4).ToArray()
            : MeanProbabilities([.. baseline], beta);
        var v = 1 - pbar.Sum(p => p * p * p);
        var z = Normal.InvCDF(0, 1, 0.975) + Normal.InvCDF(0, 1, 0.8);
        var closed = (term.Contains(':', StringComparison.Ordinal) ? 48 : 12) * z * z / (beta * beta * v);
        Assert.Equal(closed, estimate.Whitehead, 6);
        // Whitehead is a local (small-effect) approximation; at these odds ratios it and the simulation agree within 25%.
        Assert.True(Math.Abs(n - closed) / closed < 0.25, $"simulation says {n} participants, Whitehead {closed:0.0}");

        // The size found reaches the target, the size one step (one participant per cell) below does not.
        Assert.True(estimate.AtEstimate!.Power >= 0.8);
        Assert.Contains(estimate.Visited, p => p.Participants < n && p.Power < 0.8);

        Assert.Equal(OrdinalPowerSimulation.PowerAt(options, 40), OrdinalPowerSimulation.PowerAt(options, 40));
    }

    [Fact]
    public void A_spent_time_budget_stops_the_search_and_says_so_and_bad_options_are_named()
    {
        var options = new OrdinalPowerOptions(OneFactor, "fidelity", 1.5, OrdinalPowerOptions.Uniform(5), TimeBudget: TimeSpan.FromTicks(1));
        var estimate = OrdinalPowerSimulation.Estimate(options);
        Assert.Null(estimate.Participants);
        Assert.Contains("time budget", estimate.Stopped);

        var error = Assert.Throws<ArgumentException>(() => OrdinalPowerSimulation.Estimate(
            new OrdinalPowerOptions(OneFactor, "device", 1, [0.5, 0.6])));
        Assert.Contains("Term", error.Message);
        Assert.Contains("OddsRatio", error.Message);
        Assert.Contains("Baseline", error.Message);
    }
}
