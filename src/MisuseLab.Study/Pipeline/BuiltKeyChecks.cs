using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Pipeline;

/// <summary>
/// One keyed question as one cell scores it: the key <see cref="AnswerKeyResolver"/> gives for the stimulus the
/// cell showed (null when the stimulus cannot key it: the question is then not scored in that cell), and the
/// problem with it, if any, as a <see cref="StudyError"/> naming the question's JSON path and the cell.
/// </summary>
public sealed record CellKey(string Cell, string Page, string Question, string Path, bool Derived, string? Key, IReadOnlyList<string> Options, StudyError? Error);

/// <summary>
/// Keys that exist, checked on the built stimuli (a derived key depends on the trained model, so it cannot be known
/// before the build): every resolved key of a choice, catch or yes-no question is one of its options, and a literal
/// key on an effect page whose options hold numbers ("At which age does the chart show a spike?" keyed "38") is the
/// answer <see cref="EffectSpike"/> reads off the cell's shown curve. Run by <see cref="StudyBuilder"/> (so at launch) and by
/// <c>misuselab studies check</c>; <c>studies validate</c> does not train models and cannot run it.
/// </summary>
public static class BuiltKeyChecks
{
    /// <summary>Every keyed question of every page, per cell, in cell and page order.</summary>
    public static IReadOnlyList<CellKey> Keys(BuiltStudy built)
    {
        ArgumentNullException.ThrowIfNull(built);
        return Keys(built.Definition, (cell, page) => built.Find(cell, page)?.Payload);
    }

    /// <summary>Every keyed question of <paramref name="definition"/>, keyed by what <paramref name="shown"/>(cell, page) returns.</summary>
    public static IReadOnlyList<CellKey> Keys(StudyDefinition definition, Func<string, string, ExplanationPayload?> shown)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(shown);
        var keys = new List<CellKey>();
        var pages = definition.Pages;
        foreach (var cell in definition.Conditions.Cells)
        {
            for (var p = 0; p < pages.Count; p++)
            {
                var page = pages[p];
                var payload = shown(cell.Id, page.Id);
                for (var q = 0; q < page.Questions.Count; q++)
                {
                    var question = page.Questions[q];
                    if (question.Key is null || question.Kind == QuestionKind.ForwardSimulation) continue;
                    var path = JsonPath.Property(JsonPath.Index(JsonPath.Property(JsonPath.Index("$.pages", p), "questions"), q), "key");
                    var key = AnswerKeyResolver.Resolve(question, payload);
                    keys.Add(new CellKey(cell.Id, page.Id, question.Id, path, question.Key.Derived is not null, key, Options(question), Check(cell.Id, question, key, payload, path)));
                }
            }
        }
        return keys;
    }

    /// <summary>Every problem found by <see cref="Keys"/>.</summary>
    public static IReadOnlyList<StudyError> Errors(BuiltStudy built) => [.. Keys(built).Where(k => k.Error is not null).Select(k => k.Error!)];

    /// <summary>Throws <see cref="StudyValidationException"/> with every key problem of the built study.</summary>
    public static void ThrowIfInvalid(BuiltStudy built)
    {
        var errors = Errors(built);
        if (errors.Count > 0) throw new StudyValidationException($"{built.Definition.Id} {built.Definition.Version} (built)", errors);
    }

    private static IReadOnlyList<string> Options(QuestionDefinition q) => q.Kind switch
    {
        QuestionKind.YesNo => ["yes", "no"],
        QuestionKind.Choice or QuestionKind.Catch => q.Options,
        _ => [],
    };

    private static StudyError? Check(string cell, QuestionDefinition question, string? key, ExplanationPayload? shown, string path)
    {
        if (key is null) return null;
        var options = Options(question);
        if (options.Count > 0 && !options.Contains(key, StringComparer.Ordinal))
            return new StudyError(StudyErrorCodes.KeyNotAmongOptions, path,
                $"In cell '{cell}' the key of question '{question.Id}' is '{key}'{(question.Key!.Derived is { } d ? $" (derived: {d})" : "")}, which is not one of its options ({string.Join(", ", options)}).",
                "Offer every answer the stimulus can make right: for a key derived from the shown explanation, list every feature the data has (including columns a defect adds).");
        if (question.Key!.Literal is not null && shown is EffectPayload effect && question.Options.Any(o => EffectSpike.Number(o) is not null))
            return CheckEffectPoint(cell, question, key, effect, path);
        return null;
    }

    /// <summary>A literal key on an effect page must be the answer <see cref="EffectSpike"/> reads off the cell's curve.</summary>
    private static StudyError? CheckEffectPoint(string cell, QuestionDefinition question, string key, EffectPayload effect, string path)
    {
        var shown = EffectSpike.Key(effect, question.Options);
        if (shown == key) return null;
        return new StudyError(StudyErrorCodes.KeyNotShown, path,
            $"In cell '{cell}' question '{question.Id}' is keyed '{key}', but the effect of '{effect.Feature}' the cell shows singles out '{shown ?? "no option"}' (a spike or dip of at least {EffectSpike.MinRelativeProminence:P0} of the curve's range; prominences: {string.Join(", ", question.Options.Where(o => EffectSpike.Number(o) is not null).Select(o => $"{o} = {EffectSpike.Prominence(effect.Y, effect.X.Kind == EffectAxisKind.Numeric ? effect.X.Numbers.IndexOf(EffectSpike.Number(o)!.Value) : -1):G3}"))}).",
            "Key the question {\"derived\": \"shown-effect-spike\"} so each cell is scored against the chart it shows, or change the options or the defect.");
    }
}
