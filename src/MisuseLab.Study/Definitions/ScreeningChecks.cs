using System.Globalization;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// The screening rule must name a background question whose answer is a number (likert or number:
/// <see cref="StudyErrorCodes.BadScreeningItem"/>) and have bounds that admit someone on that question's scale or
/// range (<see cref="StudyErrorCodes.BadScreeningBounds"/>): a rule that admits nobody would end every session.
/// </summary>
internal static class ScreeningChecks
{
    private const string At = "$.screening";

    public static void Run(StudyReadContext ctx, StudyDefinition s)
    {
        if (s.Screening is not { } rule || ctx.Failed(At)) return;
        var item = s.Background.FirstOrDefault(q => q.Id == rule.Item);
        if (item is null)
        {
            ctx.Error(StudyErrorCodes.BadScreeningItem, JsonPath.Property(At, "item"),
                $"Expected the id of a background question; found '{rule.Item}'" + (s.AllQuestions.Any(q => q.Id == rule.Item) ? ", a question on a page (screening happens before the pages)." : ", which no background question has."),
                $"Background questions: {string.Join(", ", s.Background.Select(q => $"'{q.Id}'"))}.");
            return;
        }
        (double Low, double High)? span = item.Kind switch
        {
            QuestionKind.Likert when item.Scale is { } scale => (scale.Min, scale.Max),
            QuestionKind.Number when item.Range is { } range => (range.Min, range.Max),
            _ => null,
        };
        if (span is not { } bounds)
        {
            ctx.Error(StudyErrorCodes.BadScreeningItem, JsonPath.Property(At, "item"),
                $"Expected a likert or number background question; '{item.Id}' is a {StudyVocabulary.QuestionKinds.First(k => k.Value == item.Kind).Key} question.",
                "Screen on a rating (e.g. ML experience 1–7) or a number (e.g. years in role).");
            return;
        }
        var min = rule.Min ?? bounds.Low;
        var max = rule.Max ?? bounds.High;
        if (min > max || max < bounds.Low || min > bounds.High)
        {
            ctx.Error(StudyErrorCodes.BadScreeningBounds, JsonPath.Property(At, rule.Min is not null ? "min" : "max"),
                $"Expected bounds that admit some answer of '{item.Id}' ({F(bounds.Low)} to {F(bounds.High)}); found min {F(min)}, max {F(max)}, which admit nobody.",
                "Set min at or below max, inside the question's scale or range.");
        }
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
