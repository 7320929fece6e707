using System.Globalization;
using System.Text;
using MisuseLab.Analysis.Power;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Export;

/// <summary>
/// prereg.md: the preregistration of a launched version, written from the frozen study file alone (so it exists before
/// the first participant and cannot depend on data): hypotheses, design, outcomes, analysis, exclusions and sample size
/// with the power estimate, stamped with the study hash. Hypotheses are generated from the declared analysis — one per
/// primary outcome (its focal test) and one per equivalence bound; a study without an analysis section says so.
/// </summary>
public static class PreregistrationDocument
{
    public static string Write(StudyVersionRecord version, StudyDefinition definition, DeclaredPowerPlan? powerPlan, PowerEstimate? power)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(definition);
        var s = new StringBuilder();
        var plan = definition.Analysis;
        s.Append(CultureInfo.InvariantCulture, $"# Preregistration: {definition.Title}\n\n");
        s.Append(CultureInfo.InvariantCulture, $"- Study: `{version.Slug}` version `{version.Version}`\n");
        s.Append(CultureInfo.InvariantCulture, $"- Study hash (SHA-256 of the study file's canonical JSON): `{version.StudyHash}`\n");
        s.Append(CultureInfo.InvariantCulture, $"- Launched (frozen): {version.LaunchedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "not yet"}\n");
        s.Append("- Written from the frozen study file only; no participant data was read.\n\n");
        if (!string.IsNullOrWhiteSpace(definition.Description)) s.Append(definition.Description.Trim()).Append("\n\n");

        s.Append("## Hypotheses\n\n");
        if (plan is null)
        {
            s.Append("The study file declares no analysis section, so no confirmatory hypothesis is registered: every analysis is exploratory.\n\n");
        }
        else
        {
            var focal = plan.Factors.Count >= 2 ? $"the interaction {string.Join(" × ", plan.Factors)}" : $"the effect of {plan.Factors.FirstOrDefault() ?? "condition"}";
            var n = 1;
            foreach (var o in plan.Primary)
            {
                s.Append(CultureInfo.InvariantCulture, $"{n++}. H{n - 1} (primary, `{o.Reference}`): {Describe(definition, o)} differs by {focal} (two-sided, α = {F(plan.Alpha)}).\n");
            }
            foreach (var e in plan.Equivalence)
            {
                var levels = definition.Conditions.Factors.FirstOrDefault(f => f.Name == e.Factor)?.Levels ?? [];
                s.Append(CultureInfo.InvariantCulture, $"{n++}. H{n - 1} (equivalence, `{e.Outcome}`): the mean rating under {e.Factor} = {levels.ElementAtOrDefault(1)} lies within ±{F(e.Bound)} scale points of {e.Factor} = {levels.ElementAtOrDefault(0)} (TOST at α = {F(plan.Alpha)}, shown with the {F(100 * (1 - 2 * plan.Alpha))}% CI).\n");
            }
            s.Append('\n');
        }

        s.Append("## Design\n\n");
        s.Append(CultureInfo.InvariantCulture, $"{Title(definition.Assignment.Design)}; assignment {definition.Assignment.Method} (block size {definition.Assignment.BlockSize}, seed {definition.Assignment.Seed}).\n\n");
        s.Append("| cell | levels | model | explainer | manipulation |\n|---|---|---|---|---|\n");
        foreach (var c in definition.Conditions.Cells)
        {
            s.Append(CultureInfo.InvariantCulture, $"| {c.Id} | {string.Join(", ", c.Levels.Select(l => $"{l.Key} = {l.Value}"))} | {c.Model} | {c.Explainer ?? "–"} | {c.Manipulation} |\n");
        }
        s.Append('\n');

        s.Append("## Outcomes\n\n");
        if (plan is null) s.Append("None declared.\n\n");
        else
        {
            foreach (var (label, list) in new[] { ("Primary", plan.Primary), ("Secondary", plan.Secondary) })
            {
                s.Append(CultureInfo.InvariantCulture, $"{label}:\n\n");
                if (list.Count == 0) s.Append("- none\n");
                foreach (var o in list) s.Append(CultureInfo.InvariantCulture, $"- `{o.Reference}` ({Kind(o.Kind)}): {Describe(definition, o)}\n");
                s.Append('\n');
            }
        }

        s.Append("## Analysis\n\n");
        if (plan is null) s.Append("None declared.\n\n");
        else
        {
            var factors = string.Join(" * ", plan.Factors);
            s.Append(CultureInfo.InvariantCulture, $"- Ratings: cumulative-logit (proportional-odds) model `rating ~ {factors}` (interaction always reported), then adjusted `rating ~ {factors}{string.Concat(plan.Covariates.Select(c => " + " + c))}`; Wald 95% CIs, odds ratios, likelihood-ratio test of the interaction, proportional-odds check (R: `ordinal::clm`).\n");
            s.Append(CultureInfo.InvariantCulture, $"- Accuracy outcomes: one accuracy per participant; arms compared by logistic regression with participant-clustered (cluster-robust) standard errors; catch items only for exclusion.\n");
            s.Append(CultureInfo.InvariantCulture, $"- Significance level α = {F(plan.Alpha)}, two-sided.\n");
            s.Append(CultureInfo.InvariantCulture, $"- Multiple comparisons: {(plan.Correction.Method == CorrectionPlan.Holm ? "Holm" : "none")} over the family [{string.Join(", ", plan.Correction.Family.Select(f => $"`{f}`"))}].\n");
            s.Append(CultureInfo.InvariantCulture, $"- Covariates (adjusted models): {(plan.Covariates.Count == 0 ? "none" : string.Join(", ", plan.Covariates.Select(c => $"`{c}`")))}.\n");
            s.Append(CultureInfo.InvariantCulture, $"- Equivalence: {(plan.Equivalence.Count == 0 ? "none" : string.Join("; ", plan.Equivalence.Select(e => $"`{e.Outcome}` by {e.Factor}, bounds ±{F(e.Bound)}")))}.\n");
            s.Append("- Everything else reported (other items, per-cell descriptives, between-level tests of undeclared items, free-text codes) is exploratory and labelled so.\n\n");
        }

        s.Append("## Exclusions\n\n");
        if (plan is null) s.Append("None declared.\n\n");
        else
        {
            var x = plan.Exclusions;
            s.Append(CultureInfo.InvariantCulture, $"- Failed attention (catch) items: {(x.FailedCatch ? "excluded" : "not a reason")}\n");
            s.Append(CultureInfo.InvariantCulture, $"- Minimum time per page with questions: {(x.MinSecondsPerPage is { } m ? $"{F(m)} s (server-measured)" : "no rule")}\n");
            s.Append(CultureInfo.InvariantCulture, $"- Incomplete sessions: {(x.IncompleteSessions ? "excluded" : "kept")}\n");
            s.Append(CultureInfo.InvariantCulture, $"- Identical or gibberish open answers (Kaur et al.'s rule, heuristic in studies/README.md): {(x.IdenticalOrGibberishOpenAnswers ? "excluded" : "not a reason")}\n");
            s.Append("- Results are reported with and without exclusions, with counts per reason per cell.\n\n");
        }

        s.Append("## Sample size\n\n");
        s.Append(CultureInfo.InvariantCulture, $"Enrolment target: {definition.Enrolment.TargetParticipants?.ToString(CultureInfo.InvariantCulture) ?? "none set"} participants.\n\n");
        if (powerPlan is null || power is null)
        {
            s.Append("No effect is declared for a power analysis (study file section `power`).\n");
        }
        else
        {
            var o = powerPlan.Options;
            s.Append(CultureInfo.InvariantCulture, $"Declared effect: odds ratio {F(o.OddsRatio)} on {powerPlan.Term} for `{powerPlan.Outcome}`; target power {F(o.TargetPower)} at α = {F(o.Alpha)}.\n\n");
            s.Append(power.Participants is { } needed
                ? string.Create(CultureInfo.InvariantCulture, $"Participants needed: **{needed}** in total ({needed / o.Cells().Count} per cell), simulated power {F(power.AtEstimate!.Power)} (Monte-Carlo SE {F(power.AtEstimate.MonteCarloSe)}).\n")
                : $"Participants needed: not determined ({power.Stopped})\n");
            s.Append(CultureInfo.InvariantCulture, $"Closed-form check (Whitehead 1993): {Math.Ceiling(power.Whitehead).ToString(CultureInfo.InvariantCulture)} participants.\n\n");
            s.Append(CultureInfo.InvariantCulture, $"Method: {power.Method}.\n");
        }
        return s.ToString();
    }

    private static string Describe(StudyDefinition d, AnalysisOutcome o)
    {
        var q = d.AllQuestions.FirstOrDefault(x => x.Id == o.Reference);
        if (q is not null) return q.Scale is { } scale ? $"“{q.Prompt}” ({scale.Min}–{scale.Max})" : $"“{q.Prompt}”";
        if (d.Analysis?.Averages.FirstOrDefault(a => a.Id == o.Reference) is { } average) return $"mean of {string.Join(", ", average.Items)} per participant";
        var page = d.Pages.FirstOrDefault(p => p.Id == o.Reference);
        return page is null ? o.Reference : $"accuracy on page “{page.Title}”";
    }

    private static string Kind(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Rating => "rating",
        OutcomeKind.Answer => "keyed answer",
        OutcomeKind.Average => "per-participant average of ratings (two-way ANOVA)",
        OutcomeKind.TaskScore => "locate or remedy task score per participant (linear model, sequential-SS ANOVA)",
        _ => "page accuracy",
    };

    private static string Title(string design) => design.Length == 0 ? design : char.ToUpperInvariant(design[0]) + design[1..];

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
