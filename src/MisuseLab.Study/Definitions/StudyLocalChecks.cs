namespace MisuseLab.Study.Definitions;

/// <summary>
/// Rules within one record that JSON Schema cannot state: a defect's name and parameters as the injectable
/// defect catalog judges them, which questions a page may hold, a literal key among the question's options, and
/// Likert anchors within the scale's own range. Runs on what the reader built, beside <see cref="StudyCrossChecks"/>.
/// </summary>
internal sealed class StudyLocalChecks(StudyReadContext ctx, IReadOnlyDictionary<object, string> pathOf, IDefectCatalog defects)
{
    private string P(object record, string property) => JsonPath.Property(pathOf[record], property);

    public void Run(StudyDefinition s)
    {
        foreach (var d in s.Data.Defects) CheckDefect(d);
        foreach (var page in s.Pages) CheckQuestionsFitPage(page);
        foreach (var q in s.AllQuestions)
        {
            CheckLiteralKey(q);
            if (q.Scale is not null) CheckAnchors(q, q.Kind == QuestionKind.ForwardSimulation ? "confidence" : "scale");
            if (q.Range is { } range && !(range.Min < range.Max))
                ctx.Error(StudyErrorCodes.OutOfRange, P(q, "max"), $"Expected \"max\" above \"min\" ({range.Min:R}); found {range.Max:R}.", "Give the number question a range of accepted answers, such as 0 to 50 years.");
            if (q.Range is { Integer: true } whole && (whole.Min != Math.Floor(whole.Min) || whole.Max != Math.Floor(whole.Max)))
                ctx.Error(StudyErrorCodes.OutOfRange, P(q, "min"), $"Expected whole-number bounds for an integer question; found {whole.Min:R} to {whole.Max:R}.", "Round the bounds or drop \"integer\".");
        }
    }

    private void CheckDefect(DefectDefinition d)
    {
        if (!defects.Names.Contains(d.Name))
        {
            ctx.Error(StudyErrorCodes.UnknownDefect, P(d, "name"), $"Unknown defect '{d.Name}'.", $"Known defects: {string.Join(", ", defects.Names)}.");
            return;
        }
        if (ctx.Failed(P(d, "params"))) return;
        foreach (var problem in defects.CheckParameters(d.Name, d.Parameters))
            ctx.Error(StudyErrorCodes.BadDefectParameters, P(d, "params") + problem.RelativePath, problem.Message, problem.Hint);
    }

    private void CheckQuestionsFitPage(PageDefinition page)
    {
        var kindName = StudyVocabulary.NameOf(page.Kind);
        foreach (var q in page.Questions)
        {
            var simulation = q.Kind == QuestionKind.ForwardSimulation;
            if (simulation != (page.Kind == PageKind.ForwardSimulation) && !(page.Kind == PageKind.ForwardSimulation && q.Kind == QuestionKind.Catch))
                ctx.Error(StudyErrorCodes.QuestionNotAllowed, P(q, "kind"),
                    simulation ? $"Forward-simulation trials belong on a forward-simulation page; this is a {kindName} page."
                               : $"A forward-simulation page holds only forward-simulation trials and catch questions; found a {StudyVocabulary.NameOf(q.Kind)} question.",
                    "Move the question to a page of the right kind.");
        }
        if (page.Kind == PageKind.ForwardSimulation && !page.Questions.Any(q => q.Kind == QuestionKind.ForwardSimulation))
            ctx.Error(StudyErrorCodes.QuestionNotAllowed, P(page, "questions"), "A forward-simulation page needs at least one forward-simulation trial; it has none.", "Add a question with \"kind\": \"forward-simulation\".");
    }

    private void CheckLiteralKey(QuestionDefinition q)
    {
        if (q.Key?.Literal is not { } literal || q.Kind == QuestionKind.YesNo || q.Options.Count == 0 || q.Options.Contains(literal)) return;
        ctx.Error(StudyErrorCodes.BadKey, P(q, "key"), $"The key '{literal}' is not one of the options ({string.Join(", ", q.Options)}).", "Make the key exactly one option's text.");
    }

    private void CheckAnchors(QuestionDefinition q, string scaleName)
    {
        var scale = q.Scale!;
        var anchorsPath = JsonPath.Property(P(q, scaleName), "anchors");
        foreach (var point in scale.Anchors.Keys.Where(p => p < scale.Min || p > scale.Max).Order())
            ctx.Error(StudyErrorCodes.BadScale, JsonPath.Property(anchorsPath, point.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                $"Expected anchor keys to be scale points {scale.Min}..{scale.Max}; found '{point}'.", "Key anchors by the point they label, e.g. \"1\": \"Strongly disagree\".");
        if (!scale.Anchors.ContainsKey(scale.Min) || !scale.Anchors.ContainsKey(scale.Max))
            ctx.Error(StudyErrorCodes.BadScale, anchorsPath, $"Expected anchors for both ends of the scale ({scale.Min} and {scale.Max}); found {(scale.Anchors.Count == 0 ? "none" : string.Join(", ", scale.Anchors.Keys.Order()))}.",
                "Label at least the first and last point.");
    }
}
