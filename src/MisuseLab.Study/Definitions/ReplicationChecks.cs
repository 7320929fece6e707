namespace MisuseLab.Study.Definitions;

/// <summary>
/// Checks <c>analysis.replication</c> (<see cref="ReplicationPlan"/>, STUDY039): the four cells are distinct cells of
/// the design; each accuracy item is a keyed, non-attention question on a page; each rating row names a declared
/// average, a Likert question or a NASA-TLX question on a page. Also checks that the open-answer exclusion
/// (STUDY040) has open answers to judge.
/// </summary>
internal sealed class ReplicationChecks(StudyReadContext ctx)
{
    private const string At = StudyReader.AnalysisPath + ".replication";

    public void Run(StudyDefinition s)
    {
        if (s.Analysis is not { } plan) return;
        if (plan.Exclusions.IdenticalOrGibberishOpenAnswers && !s.Pages.SelectMany(p => p.Questions).Any(q => q.Kind == QuestionKind.Text))
            ctx.Error(StudyErrorCodes.NoOpenAnswers, JsonPath.Property(JsonPath.Property(StudyReader.AnalysisPath, "exclusions"), "identical_or_gibberish_open_answers"),
                "Expected at least one open (text) question on a page for the identical-or-gibberish open-answer exclusion; found none.",
                "Add a \"text\" question to a page, or remove the rule.");
        if (plan.Replication is not { } r) return;
        CheckCells(s, r.Cells);
        var rows = JsonPath.Property(At, "rows");
        var questions = s.Pages.SelectMany(p => p.Questions).ToList();
        var keyed = questions.Where(OutcomeResolver.IsScored).Select(q => q.Id).ToList();
        for (var i = 0; i < r.Rows.Accuracy.Count; i++)
        {
            var id = r.Rows.Accuracy[i];
            if (!keyed.Contains(id))
                ctx.Error(StudyErrorCodes.BadReplication, JsonPath.Index(JsonPath.Property(rows, "accuracy"), i),
                    $"Expected a keyed question (not an attention item) on a page; found '{id}'{(questions.Any(q => q.Id == id) ? ", which has no key" : ", which names no question of the pages")}.",
                    $"Keyed questions: {Names(keyed)}.");
        }
        var ratings = plan.Averages.Select(a => a.Id)
            .Concat(questions.Where(q => q.Kind is QuestionKind.Likert or QuestionKind.NasaTlx).Select(q => q.Id)).ToList();
        foreach (var (property, reference) in r.Rows.Ratings)
            if (!ratings.Contains(reference))
                ctx.Error(StudyErrorCodes.BadReplication, JsonPath.Property(rows, property),
                    $"Expected a declared average, a Likert or a NASA-TLX question on a page; found '{reference}'.",
                    $"Declared averages and rating questions: {Names(ratings)}.");
    }

    private void CheckCells(StudyDefinition s, ReplicationCells cells)
    {
        var design = s.Conditions.Cells.Select(c => c.Id).ToList();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, id) in new[] { ("gn", cells.Gn), ("gm", cells.Gm), ("sn", cells.Sn), ("sm", cells.Sm) })
        {
            var path = JsonPath.Property(JsonPath.Property(At, "cells"), name);
            if (id.Length == 0) continue; // missing: the schema reports it
            if (!design.Contains(id))
                ctx.Error(StudyErrorCodes.BadReplication, path, $"Expected a cell of the design; found '{id}'.", $"Cells: {Names(design)}.");
            else if (!seen.TryAdd(id, name))
                ctx.Error(StudyErrorCodes.BadReplication, path, $"Expected four different cells; '{id}' is already the paper's '{seen[id]}'.", "Map each of the paper's conditions to its own cell.");
        }
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
