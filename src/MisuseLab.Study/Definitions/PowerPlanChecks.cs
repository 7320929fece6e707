namespace MisuseLab.Study.Definitions;

/// <summary>
/// Checks the <c>power</c> section against the declared analysis: there must be one, its first primary outcome must be a
/// Likert rating, its factors must give a focal test (one factor, or two two-level factors whose interaction is tested),
/// the odds ratio must differ from 1, and a baseline must give one probability per scale point, summing to 1.
/// </summary>
internal sealed class PowerPlanChecks(StudyReadContext ctx)
{
    private const string At = StudyReader.PowerPath;

    public void Run(StudyDefinition s)
    {
        if (s.Power is not { } power) return;
        if (s.Analysis is not { } plan || plan.Primary.Count == 0)
        {
            ctx.Error(StudyErrorCodes.NotAnalysable, At, "A power section needs a declared analysis with a primary outcome, found none.",
                "Add an \"analysis\" section whose first \"primary\" outcome is a Likert question.");
            return;
        }
        var outcome = plan.Primary[0].Reference;
        var question = s.AllQuestions.FirstOrDefault(q => q.Id == outcome);
        if (plan.Primary[0].Kind != OutcomeKind.Rating || question?.Scale is null)
        {
            ctx.Error(StudyErrorCodes.NotAnalysable, At, $"Power is simulated for an ordinal rating; the first primary outcome '{outcome}' is not a Likert question.",
                "Put a Likert question first among the primary outcomes, or remove the power section.");
            return;
        }
        if (PowerPlan.FocalTerm(plan) is not { } term)
        {
            ctx.Error(StudyErrorCodes.NotAnalysable, At, $"Power needs one or two analysis factors, found {plan.Factors.Count}.", "Declare one or two factors in analysis.factors.");
            return;
        }
        if (term.Contains(':', StringComparison.Ordinal))
        {
            foreach (var name in term.Split(':'))
            {
                var factor = s.Conditions.Factors.FirstOrDefault(f => f.Name == name);
                if (factor is not null && factor.Levels.Count != 2)
                    ctx.Error(StudyErrorCodes.NotAnalysable, At, $"Power for an interaction needs two-level factors; '{name}' has {factor.Levels.Count}.",
                        "Declare one factor in analysis.factors, or use two-level factors.");
            }
        }
        if (power.OddsRatio == 1 || !(power.OddsRatio > 0))
            ctx.Error(StudyErrorCodes.OutOfRange, JsonPath.Property(At, "odds_ratio"), $"Expected an odds ratio > 0 and ≠ 1, found {power.OddsRatio}.",
                "An odds ratio of 1 is no effect; e.g. 2 means the odds of a higher rating double.");
        if (power.Baseline is { } baseline)
        {
            var points = question.Scale.Max - question.Scale.Min + 1;
            if (baseline.Count != points || Math.Abs(baseline.Sum() - 1) > 1e-6)
                ctx.Error(StudyErrorCodes.OutOfRange, JsonPath.Property(At, "baseline"),
                    $"Expected {points} category probabilities (one per point of '{outcome}', {question.Scale.Min}–{question.Scale.Max}) summing to 1, found {baseline.Count} summing to {baseline.Sum():0.######}.",
                    "List the expected share of each rating in the reference cell, lowest rating first, or leave baseline out for a uniform guess.");
        }
    }
}
