namespace MisuseLab.Study.Definitions;

/// <summary>
/// Checks every reference of the declared analysis (<see cref="AnalysisPlan"/>): outcomes name a Likert item, a keyed
/// question or a page of keyed questions; factors name design factors; covariates name background items a model can
/// use; the correction family and the equivalence tests name declared outcomes; an equivalence factor has two levels
/// and its bound fits inside the rating's scale; an exclusion on failed attention items needs attention items.
/// </summary>
internal sealed class AnalysisPlanChecks(StudyReadContext ctx, IReadOnlyDictionary<object, string> pathOf)
{
    private const string At = StudyReader.AnalysisPath;

    public void Run(StudyDefinition s)
    {
        if (s.Analysis is not { } plan) return;
        CheckOutcomes(s, plan);
        var factors = CheckFactors(s, plan);
        CheckAverages(s, plan);
        CheckCovariates(s, plan);
        CheckFamily(plan);
        CheckEquivalence(s, plan, factors);
        if (plan.Exclusions.FailedCatch && !s.Pages.SelectMany(p => p.Questions).Any(OutcomeResolver.IsAttention))
            ctx.Error(StudyErrorCodes.NotAnalysable, JsonPath.Property(JsonPath.Property(At, "exclusions"), "failed_catch"),
                "Exclusion on failed attention items is declared, but the study has no catch question or catch trial.",
                "Add a \"catch\" question (or a forward-simulation trial with \"catch\": true), or set \"failed_catch\": false.");
    }

    private void CheckOutcomes(StudyDefinition s, AnalysisPlan plan)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in plan.Outcomes)
        {
            var path = pathOf[o];
            if (!seen.TryAdd(o.Reference, path))
            {
                ctx.Error(StudyErrorCodes.DuplicateId, path, $"Outcome '{o.Reference}' is declared twice (first at {seen[o.Reference]}).", "Declare each outcome once, as primary or as secondary.");
                continue;
            }
            if (o.Kind == OutcomeKind.TaskScore)
            {
                CheckTaskOutcome(s, TaskOutcome.Parse(o.Reference)!, path);
                continue;
            }
            if (o.Kind == OutcomeKind.Average || OutcomeResolver.Resolve(o.Reference, s.Pages) is not null) continue;
            var question = s.AllQuestions.FirstOrDefault(q => q.Id == o.Reference);
            var page = s.Pages.FirstOrDefault(p => p.Id == o.Reference);
            // A question or page already reported (a rejected key reads as none) is not reported again from here.
            if ((question is not null && ctx.Failed(pathOf[question])) || (page is not null && ctx.Failed(pathOf[page]))) continue;
            if (question is null && page is null)
                ctx.Error(StudyErrorCodes.UnknownReference, path, $"Outcome '{o.Reference}' names no question or page of the study.", $"Analysable outcomes: {Names(Analysable(s))}.");
            else
                ctx.Error(StudyErrorCodes.NotAnalysable, path,
                    $"Outcome '{o.Reference}' is {Describe(s, question, page)}, which the analysis cannot model.",
                    $"An outcome is a Likert question, a keyed question (not an attention item) or a page holding keyed questions. Analysable here: {Names(Analysable(s))}.");
        }
    }

    private void CheckTaskOutcome(StudyDefinition s, TaskOutcome task, string path)
    {
        var page = s.Pages.FirstOrDefault(p => p.Id == task.Page);
        var tasks = s.Pages.Where(p => p.Kind is PageKind.Locate or PageKind.Remedy)
            .SelectMany(p => p.Kind == PageKind.Locate ? new[] { $"{p.Id}.{TaskOutcome.Recall}", $"{p.Id}.{TaskOutcome.Precision}" } : [$"{p.Id}.{TaskOutcome.AucGain}"]);
        if (page is null || page.Kind is not (PageKind.Locate or PageKind.Remedy))
            ctx.Error(StudyErrorCodes.TaskOutcomeNotATaskPage, path,
                $"Expected '{task.Page}' in outcome '{task.Page}.{task.Metric}' to be a locate or remedy page; found {(page is null ? "no page with that id" : $"a {StudyVocabulary.NameOf(page.Kind)} page")}.",
                $"Task outcomes of this study: {Names(tasks)}.");
        else if (page.Kind != TaskOutcome.KindFor(task.Metric))
            ctx.Error(StudyErrorCodes.TaskOutcomeWrongMetric, path,
                $"Expected a metric of a {StudyVocabulary.NameOf(page.Kind)} page after '{task.Page}.'; found '{task.Metric}', which is measured on {StudyVocabulary.NameOf(TaskOutcome.KindFor(task.Metric))} pages.",
                $"recall and precision belong to locate pages, auc_gain to remedy pages. Task outcomes of this study: {Names(tasks)}.");
    }

    private HashSet<string> CheckFactors(StudyDefinition s, AnalysisPlan plan)
    {
        var design = s.Conditions.Factors.Select(f => f.Name).ToList();
        var valid = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Factors.Count; i++)
        {
            var name = plan.Factors[i];
            var path = JsonPath.Index(JsonPath.Property(At, "factors"), i);
            if (!design.Contains(name))
                ctx.Error(StudyErrorCodes.UnknownReference, path, $"Factor '{name}' is not a factor of the design.", $"Design factors: {Names(design)}.");
            else if (!valid.Add(name))
                ctx.Error(StudyErrorCodes.DuplicateId, path, $"Factor '{name}' is listed twice.", "List each factor once.");
        }
        return valid;
    }

    private void CheckCovariates(StudyDefinition s, AnalysisPlan plan)
    {
        // A background form with errors is reported there; references into it would only echo them.
        if (ctx.Failed(JsonPath.Property(JsonPath.Root, "background"))) return;
        var background = DefaultBackground.For(s);
        var usable = background.Where(q => q.Kind is QuestionKind.Likert or QuestionKind.Choice).Select(q => q.Id).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Covariates.Count; i++)
        {
            var id = plan.Covariates[i];
            var path = JsonPath.Index(JsonPath.Property(At, "covariates"), i);
            var q = background.FirstOrDefault(b => b.Id == id);
            if (q is null)
                ctx.Error(StudyErrorCodes.UnknownReference, path, $"Covariate '{id}' is not a background question{(s.Background.Count == 0 ? " (the study uses the default background form)" : "")}.",
                    $"Usable background items: {Names(usable)}. Covariates are measured before the manipulation, so they come from the background form.");
            else if (!usable.Contains(id))
                ctx.Error(StudyErrorCodes.NotAnalysable, path, $"Covariate '{id}' is a {StudyVocabulary.NameOf(q.Kind)} question; a covariate is a Likert (numeric) or choice (categorical) item.", $"Usable background items: {Names(usable)}.");
            else if (!seen.Add(id))
                ctx.Error(StudyErrorCodes.DuplicateId, path, $"Covariate '{id}' is listed twice.", "List each covariate once.");
        }
    }

    private void CheckAverages(StudyDefinition s, AnalysisPlan plan)
    {
        var ratings = s.Pages.SelectMany(p => p.Questions).Where(q => q.Kind is QuestionKind.Likert or QuestionKind.NasaTlx).Select(q => q.Id).ToList();
        foreach (var a in plan.Averages)
        {
            var path = pathOf[a];
            if (s.AllQuestions.Any(q => q.Id == a.Id) || s.Pages.Any(p => p.Id == a.Id) || plan.Averages.Count(x => x.Id == a.Id) > 1)
                ctx.Error(StudyErrorCodes.BadAverage, JsonPath.Property(path, "id"), $"Expected an id of its own for the average; found '{a.Id}', which names a question, a page or another average.", "Give the average a new id (e.g. 'confidence-mean').");
            for (var i = 0; i < a.Items.Count; i++)
                if (!ratings.Contains(a.Items[i]))
                    ctx.Error(StudyErrorCodes.BadAverage, JsonPath.Index(JsonPath.Property(path, "items"), i),
                        $"Expected a Likert or NASA-TLX question on a page; found '{a.Items[i]}'.", $"Rating questions: {Names(ratings)}.");
            if (plan.Outcomes.Any(o => o.Reference == a.Id)
                && (plan.Factors.Count != 2 || plan.Factors.Any(f => s.Conditions.Factors.FirstOrDefault(x => x.Name == f)?.Levels.Count != 2)))
                ctx.Error(StudyErrorCodes.BadAverage, path, $"Average '{a.Id}' is an outcome, which the two-way ANOVA models; the analysis's factors are {Names(plan.Factors)}.",
                    "Averages are analysed as in Kaur et al.: two factors of two levels each (e.g. tool × fidelity).");
        }
    }

    private void CheckFamily(AnalysisPlan plan)
    {
        var declared = plan.Outcomes.Select(o => o.Reference).ToList();
        for (var i = 0; i < plan.Correction.Family.Count; i++)
        {
            var id = plan.Correction.Family[i];
            if (!declared.Contains(id))
                ctx.Error(StudyErrorCodes.UnknownReference, JsonPath.Index(JsonPath.Property(pathOf[plan.Correction], "family"), i),
                    $"The correction family names '{id}', which is not a declared outcome.", $"Declared outcomes: {Names(declared)}.");
        }
    }

    private void CheckEquivalence(StudyDefinition s, AnalysisPlan plan, HashSet<string> factors)
    {
        var outcomes = plan.Outcomes.GroupBy(o => o.Reference).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var e in plan.Equivalence)
        {
            var path = pathOf[e];
            if (!outcomes.TryGetValue(e.Outcome, out var outcome))
                ctx.Error(StudyErrorCodes.UnknownReference, JsonPath.Property(path, "outcome"), $"Equivalence test on '{e.Outcome}', which is not a declared outcome.", $"Declared outcomes: {Names(outcomes.Keys)}.");
            else if (outcome.Kind != OutcomeKind.Rating || OutcomeResolver.Resolve(e.Outcome, s.Pages) is null)
                ctx.Error(StudyErrorCodes.NotAnalysable, JsonPath.Property(path, "outcome"), $"Equivalence test on '{e.Outcome}', which is not a Likert rating.", "Equivalence bounds are in scale points of a Likert outcome.");
            else
            {
                var scale = s.Pages.SelectMany(p => p.Questions).First(q => q.Id == e.Outcome).Scale;
                if (scale is not null && e.Bound >= scale.Max - scale.Min && !ctx.Failed(JsonPath.Property(path, "bound")))
                    ctx.Error(StudyErrorCodes.OutOfRange, JsonPath.Property(path, "bound"), $"Bound {e.Bound} is not below the width of '{e.Outcome}''s scale ({scale.Min}–{scale.Max}).",
                        "A bound at least as wide as the scale makes any two groups equivalent; choose the smallest difference that matters.");
            }

            var factor = s.Conditions.Factors.FirstOrDefault(f => f.Name == e.Factor);
            if (factor is null || !factors.Contains(e.Factor))
                ctx.Error(StudyErrorCodes.UnknownReference, JsonPath.Property(path, "factor"), $"Equivalence test across factor '{e.Factor}', which is not one of the analysis's factors.", $"Analysis factors: {Names(factors)}.");
            else if (factor.Levels.Count != 2)
                ctx.Error(StudyErrorCodes.NotAnalysable, JsonPath.Property(path, "factor"), $"Factor '{e.Factor}' has {factor.Levels.Count} levels; TOST compares exactly two.", "Name a two-level factor.");
        }
    }

    private static IEnumerable<string> Analysable(StudyDefinition s) =>
        s.Pages.SelectMany(p => (OutcomeResolver.AccuracyItems(p).Any() ? [p.Id] : Array.Empty<string>())
            .Concat(p.Questions.Where(q => OutcomeResolver.Resolve(q.Id, s.Pages) is not null).Select(q => q.Id)));

    private static string Describe(StudyDefinition s, QuestionDefinition? q, PageDefinition? page) =>
        q is null ? $"page '{page!.Id}' with no keyed question"
        : s.Background.Contains(q) ? "a background question (use it as a covariate)"
        : OutcomeResolver.IsAttention(q) ? "an attention item (used only to exclude)"
        : $"an unkeyed {StudyVocabulary.NameOf(q.Kind)} question";

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
