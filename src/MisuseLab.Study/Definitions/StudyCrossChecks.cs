using System.Text.RegularExpressions;
using MisuseLab.Study.Manipulations;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// Checks that span the file: unique ids, references between models, explainers, cells and pages, the
/// factorial design's coverage, assignment blocks, page order, debrief coverage and that no page before the
/// debrief reveals a deceptive condition.
/// </summary>
internal sealed class StudyCrossChecks(StudyReadContext ctx, IReadOnlyDictionary<object, string> pathOf)
{
    private string P(object record, string? property = null) =>
        property is null ? pathOf[record] : JsonPath.Property(pathOf[record], property);

    public void Run(StudyDefinition s)
    {
        Unique(s.Models, m => m.Id, "model");
        Unique(s.Explainers, e => e.Id, "explainer");
        Unique(s.Conditions.Factors, f => f.Name, "factor", "name");
        Unique(s.Conditions.Cells, c => c.Id, "cell");
        Unique(s.Pages, p => p.Id, "page");
        Unique(s.AllQuestions.ToList(), q => q.Id, "question", hint: "Question ids name the columns of the export, so they are unique across the whole study, background included.");

        var models = s.Models.GroupBy(m => m.Id).ToDictionary(g => g.Key, g => g.First());
        var explainers = s.Explainers.GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var e in s.Explainers)
        {
            if (!models.TryGetValue(e.Model, out var model))
                ctx.Error(StudyErrorCodes.UnknownReference, P(e, "model"), $"Explainer '{e.Id}' names model '{e.Model}', which is not defined.", $"Defined models: {Names(s.Models.Select(m => m.Id))}.");
            else if (e.Kind.Length > 0 && model.Kind.Length > 0 && !ModelKinds.ExplainerModels[e.Kind].Contains(model.Kind))
                ctx.Error(StudyErrorCodes.IncompatibleExplainer, P(e, "kind"), $"A {e.Kind} explainer cannot explain a {model.Kind} model ('{model.Id}').",
                    $"{e.Kind} explains: {Names(ModelKinds.ExplainerModels[e.Kind])}.");
        }

        CheckCells(s, models, explainers);
        CheckPages(s, explainers);
        CheckAssignment(s);
        CheckDebrief(s);
        CheckNoReveal(s);
    }

    private void CheckCells(StudyDefinition s, Dictionary<string, ModelDefinition> models, Dictionary<string, ExplainerDefinition> explainers)
    {
        var factors = s.Conditions.Factors;
        foreach (var f in factors)
            for (var i = 0; i < f.Levels.Count; i++)
                if (f.Levels.Take(i).Contains(f.Levels[i]))
                    ctx.Error(StudyErrorCodes.DuplicateId, JsonPath.Index(P(f, "levels"), i), $"Level '{f.Levels[i]}' appears twice in factor '{f.Name}'.", "Levels of a factor are distinct.");

        var combos = new Dictionary<string, CellDefinition>(StringComparer.Ordinal);
        foreach (var c in s.Conditions.Cells)
        {
            if (!models.ContainsKey(c.Model))
                ctx.Error(StudyErrorCodes.UnknownReference, P(c, "model"), $"Cell '{c.Id}' names model '{c.Model}', which is not defined.", $"Defined models: {Names(models.Keys)}.");
            var needsExplainer = c.Manipulation.Length > 0 && ManipulationCatalog.Get(c.Manipulation).Source is PayloadSource.RealModel or PayloadSource.RandomizedModel;
            if (c.Explainer is null)
            {
                if (needsExplainer)
                    ctx.Error(StudyErrorCodes.IncompatibleExplainer, P(c, "explainer"), $"Cell '{c.Id}' uses manipulation '{c.Manipulation}', which transforms an explanation, but names no explainer.", $"Add \"explainer\": one of {Names(explainers.Keys)}.");
            }
            else if (!explainers.TryGetValue(c.Explainer, out var explainer))
                ctx.Error(StudyErrorCodes.UnknownReference, P(c, "explainer"), $"Cell '{c.Id}' names explainer '{c.Explainer}', which is not defined.", $"Defined explainers: {Names(explainers.Keys)}.");
            else if (explainer.Model != c.Model)
                ctx.Error(StudyErrorCodes.IncompatibleExplainer, P(c, "explainer"), $"Cell '{c.Id}' shows model '{c.Model}' but its explainer '{c.Explainer}' explains model '{explainer.Model}'.", "Use an explainer bound to the cell's model.");

            var complete = true;
            foreach (var f in factors)
            {
                if (!c.Levels.TryGetValue(f.Name, out var level))
                {
                    ctx.Error(StudyErrorCodes.DesignCoverage, P(c, "levels"), $"Cell '{c.Id}' gives no level of factor '{f.Name}'.", $"Add \"{f.Name}\": one of {Names(f.Levels)}.");
                    complete = false;
                }
                else if (!f.Levels.Contains(level))
                {
                    ctx.Error(StudyErrorCodes.UnknownReference, JsonPath.Property(P(c, "levels"), f.Name), $"Factor '{f.Name}' has no level '{level}'.", $"Levels of '{f.Name}': {Names(f.Levels)}.");
                    complete = false;
                }
            }
            foreach (var name in c.Levels.Keys.Where(k => factors.All(f => f.Name != k)))
            {
                ctx.Error(StudyErrorCodes.UnknownReference, JsonPath.Property(P(c, "levels"), name), $"Cell '{c.Id}' names factor '{name}', which is not defined.", $"Factors: {Names(factors.Select(f => f.Name))}.");
                complete = false;
            }
            if (!complete) continue;
            var key = string.Join("|", factors.Select(f => c.Levels[f.Name]));
            if (!combos.TryAdd(key, c))
                ctx.Error(StudyErrorCodes.DesignCoverage, P(c, "levels"), $"Cells '{combos[key].Id}' and '{c.Id}' have the same levels ({Describe(factors, c)}).", "Each combination of levels belongs to exactly one cell.");
        }

        if (factors.Count == 0 || factors.Any(f => f.Levels.Count == 0)) return;
        foreach (var combination in Cross(factors))
        {
            if (!combos.ContainsKey(string.Join("|", combination)))
                ctx.Error(StudyErrorCodes.DesignCoverage, "$.conditions.cells", $"No cell covers {string.Join(", ", factors.Select((f, i) => $"{f.Name}={combination[i]}"))}.",
                    "Add a cell for every combination of factor levels (the design is fully crossed).");
        }
    }

    private static IEnumerable<string[]> Cross(IReadOnlyList<FactorDefinition> factors)
    {
        IEnumerable<string[]> result = [[]];
        foreach (var f in factors) result = result.SelectMany(prefix => f.Levels.Select(l => prefix.Append(l).ToArray())).ToList();
        return result;
    }

    private static string Describe(IReadOnlyList<FactorDefinition> factors, CellDefinition c) =>
        string.Join(", ", factors.Select(f => $"{f.Name}={c.Levels[f.Name]}"));

    private void CheckPages(StudyDefinition s, Dictionary<string, ExplainerDefinition> explainers)
    {
        var pages = s.Pages;
        if (pages.Count > 0 && pages[0].Kind != PageKind.Consent)
            ctx.Error(StudyErrorCodes.PageOrder, P(pages[0], "kind"), $"The first page must be the consent page; found a {StudyVocabulary.NameOf(pages[0].Kind)} page.", "Start \"pages\" with { \"kind\": \"consent\", … }.");
        if (pages.Count > 0 && pages[^1].Kind != PageKind.Debrief)
            ctx.Error(StudyErrorCodes.PageOrder, P(pages[^1], "kind"), $"The last page must be the debrief; found a {StudyVocabulary.NameOf(pages[^1].Kind)} page.", "End \"pages\" with { \"kind\": \"debrief\", … }.");
        foreach (var kind in new[] { PageKind.Consent, PageKind.Debrief })
            foreach (var extra in pages.Where(p => p.Kind == kind).Skip(1))
                ctx.Error(StudyErrorCodes.PageOrder, P(extra, "kind"), $"A study has one {StudyVocabulary.NameOf(kind)} page; this is another.", "Remove the extra page.");

        foreach (var page in pages)
        {
            if (page.ShowsExplanation)
            {
                foreach (var cell in s.Conditions.Cells)
                {
                    if (cell.Explainer is null || !explainers.TryGetValue(cell.Explainer, out var explainer) || explainer.Kind.Length == 0) continue;
                    if (page.Kind is PageKind.Local or PageKind.Effect && explainer.Kind == "pfi")
                        ctx.Error(StudyErrorCodes.IncompatibleExplainer, P(page, "kind"), $"Cell '{cell.Id}' explains with pfi, which gives only global importances, but this page is a {StudyVocabulary.NameOf(page.Kind)} page.",
                            "Use a treeshap or terms explainer in that cell, or show a global page.");
                }
            }
            foreach (var q in page.Questions) CheckDerivedKey(q, page);
        }
        foreach (var q in s.Background) CheckDerivedKey(q, null);
    }

    private void CheckDerivedKey(QuestionDefinition q, PageDefinition? page)
    {
        var needed = q.Key?.Derived switch
        {
            DerivedKey.ShownTopFeature => PageKind.Global,
            DerivedKey.ShownEffectRises or DerivedKey.ShownEffectSpike => PageKind.Effect,
            _ => (PageKind?)null,
        };
        if (needed is { } kind && page?.Kind != kind)
            ctx.Error(StudyErrorCodes.BadKey, P(q, "key"), $"A key derived from the shown {(kind == PageKind.Global ? "global importances" : "effect")} needs the question on a {StudyVocabulary.NameOf(kind)} page; it is on {(page is null ? "the background questions" : $"a {StudyVocabulary.NameOf(page.Kind)} page")}.",
                "Move the question to the page whose stimulus it is about, or give a literal key.");
    }

    private void CheckAssignment(StudyDefinition s)
    {
        var total = s.Conditions.Cells.Sum(c => c.Weight);
        if (total == 0 || s.Assignment.BlockSize == 0) return;
        if (s.Assignment.BlockSize % total != 0)
            ctx.Error(StudyErrorCodes.BadBlock, P(s.Assignment, "block_size"), $"A balanced block holds each cell in proportion to its weight, so its size must be a multiple of the total weight {total}; found {s.Assignment.BlockSize}.",
                $"Use {total}, {2 * total} or another multiple of {total}.");
    }

    private void CheckDebrief(StudyDefinition s)
    {
        if (!pathOf.ContainsKey(s.Debrief)) return;
        foreach (var cell in s.Conditions.Cells.Where(c => !s.Debrief.ConditionTexts.ContainsKey(c.Id)))
            ctx.Error(StudyErrorCodes.DebriefCoverage, P(s.Debrief, "condition_texts"), $"No debrief text for cell '{cell.Id}'.", "Every participant learns which condition they were in; add a text for each cell.");
        foreach (var id in s.Debrief.ConditionTexts.Keys.Where(k => s.Conditions.Cells.All(c => c.Id != k)))
            ctx.Error(StudyErrorCodes.UnknownReference, JsonPath.Property(P(s.Debrief, "condition_texts"), id), $"Debrief text for '{id}', which is not a cell.", $"Cells: {Names(s.Conditions.Cells.Select(c => c.Id))}.");
    }

    /// <summary>
    /// Words that would tell a participant they are in a deceptive condition: the names of deceptive
    /// manipulations used, the ids of cells using them, levels that occur only in such cells, and the factors
    /// holding those levels. Tool names (e.g. "shap") stay allowed, since participants see which tool they use.
    /// </summary>
    internal static IReadOnlySet<string> RevealingWords(StudyDefinition s)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool Deceptive(CellDefinition c) => ManipulationCatalog.TryGet(c.Manipulation, out var m) && m.Deceptive;
        foreach (var c in s.Conditions.Cells.Where(Deceptive))
        {
            words.Add(c.Manipulation);
            words.Add(c.Id);
        }
        foreach (var f in s.Conditions.Factors)
        {
            foreach (var level in f.Levels)
            {
                var cells = s.Conditions.Cells.Where(c => c.Levels.TryGetValue(f.Name, out var l) && l == level).ToList();
                if (cells.Count > 0 && cells.All(Deceptive) && s.Conditions.Cells.Any(c => !Deceptive(c)))
                {
                    words.Add(level);
                    words.Add(f.Name);
                }
            }
        }
        return words;
    }

    private void CheckNoReveal(StudyDefinition s)
    {
        var words = RevealingWords(s);
        if (words.Count == 0) return;
        var pattern = new Regex(@"(?<![\p{L}\p{N}-])(" + string.Join("|", words.OrderByDescending(w => w.Length).Select(Regex.Escape)) + @")(?![\p{L}\p{N}-])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        void Scan(string? text, string path)
        {
            if (text is null) return;
            var m = pattern.Match(text);
            if (m.Success)
                ctx.Error(StudyErrorCodes.ConditionRevealed, path, $"Participant-visible text names '{m.Value}', which reveals a manipulated condition before the debrief.",
                    "Reword the text; only the debrief may name conditions.");
        }

        Scan(s.Title, "$.title");
        Scan(s.Consent.Text, "$.consent.text");
        foreach (var q in s.Background) ScanQuestion(q, Scan);
        foreach (var page in s.Pages.Where(p => p.Kind != PageKind.Debrief))
        {
            Scan(page.Title, P(page, "title"));
            Scan(page.Text, P(page, "text"));
            foreach (var q in page.Questions) ScanQuestion(q, Scan);
        }
    }

    private void ScanQuestion(QuestionDefinition q, Action<string?, string> scan)
    {
        scan(q.Prompt, P(q, "prompt"));
        for (var i = 0; i < q.Options.Count; i++) scan(q.Options[i], JsonPath.Index(P(q, "options"), i));
        if (q.Scale is not null)
        {
            var scaleName = q.Kind == QuestionKind.ForwardSimulation ? "confidence" : "scale";
            foreach (var (point, label) in q.Scale.Anchors) scan(label, JsonPath.Property(JsonPath.Property(P(q, scaleName), "anchors"), point.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private void Unique<T>(IReadOnlyList<T> items, Func<T, string> id, string what, string property = "id", string? hint = null) where T : class
    {
        var seen = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = id(item);
            if (key.Length == 0) continue;
            if (!seen.TryAdd(key, item))
                ctx.Error(StudyErrorCodes.DuplicateId, P(item, property), $"The {what} id '{key}' is used twice (first at {pathOf[seen[key]]}).", hint ?? $"Give each {what} its own id.");
        }
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
