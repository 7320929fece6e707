namespace MisuseLab.Study.Definitions;

/// <summary>
/// The effect the study is powered for (study file section <c>power</c>, studies/README.md): an odds ratio on the
/// focal test of the first primary outcome (a Likert rating) of the declared analysis — the interaction when the
/// analysis crosses two factors, else its one factor's second level against its first. The facilitator's version page
/// and prereg.md report the participants needed for <see cref="TargetPower"/> at the analysis' α.
/// </summary>
/// <param name="OddsRatio">The declared effect, exp(β) of the focal coefficient; &gt; 0 and ≠ 1.</param>
/// <param name="TargetPower">Power sought (default 0.8).</param>
/// <param name="Baseline">Category probabilities of the rating in the reference cell, lowest first; null = uniform.</param>
/// <param name="Simulations">Simulated data sets per sample size (default 400).</param>
/// <param name="Seed">Seed of the simulation (default 16).</param>
public sealed record PowerPlan(double OddsRatio, double TargetPower, IReadOnlyList<double>? Baseline, int Simulations, int Seed)
{
    public const double DefaultTargetPower = 0.8;
    public const int DefaultSimulations = 400;
    public const int DefaultSeed = 16;

    /// <summary>The factor (or "A:B" interaction) whose coefficient the declared effect sits on, from the analysis' factors.</summary>
    public static string? FocalTerm(AnalysisPlan plan) => plan.Factors.Count switch
    {
        1 => plan.Factors[0],
        2 => $"{plan.Factors[0]}:{plan.Factors[1]}",
        _ => null,
    };
}
