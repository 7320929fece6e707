using System.Globalization;
using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// Uncued detection: a participant must describe the issues they noticed before any question names a defect, or
/// the question itself tells them what to look for. A question names a defect by the rule the analysis uses to
/// score detection: it sits on a page whose <c>feature</c> is the defect's column (<c>column</c> or <c>source</c>)
/// and its literal key — or, for a <c>shown-effect-spike</c> question, one of its options — is one of the defect's
/// parameter values (kaur2020 1.x: <c>comp-age-spike</c> on the age page offered "38" = <c>mean-imputed-age.value</c>). The free-text detection question is the first <c>text</c> question
/// of a <c>free-text</c> page. Findings are warnings (<see cref="StudyErrorCodes.CuedDetection"/>): a study may
/// cue on purpose, but the author should know.
/// </summary>
public static class DetectionOrderCheck
{
    public static IReadOnlyList<StudyError> Warnings(StudyDefinition study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var warnings = new List<StudyError>();
        var detection = FirstDetectionQuestion(study);
        for (var p = 0; p < study.Pages.Count; p++)
        {
            var page = study.Pages[p];
            for (var q = 0; q < page.Questions.Count; q++)
            {
                var question = page.Questions[q];
                if (NamedDefect(study, page, question) is not { } defect) continue;
                if (detection is { } d && (d.Page < p || (d.Page == p && d.Question < q))) continue;
                var path = JsonPath.Index(JsonPath.Property(JsonPath.Index("$.pages", p), "questions"), q);
                warnings.Add(new StudyError(StudyErrorCodes.CuedDetection, path,
                    detection is null
                        ? $"Question '{question.Id}' names the injected defect '{defect}', and the study has no free-text question asking which issues the participant noticed."
                        : $"Question '{question.Id}' names the injected defect '{defect}' before the free-text detection question '{study.Pages[detection.Value.Page].Questions[detection.Value.Question].Id}', so detection of that defect is cued.",
                    "Ask the free-text \"issues you noticed\" question on a page before any question that names a defect (repeat the chart on a later page if the question needs it)."));
            }
        }
        return warnings;
    }

    private static (int Page, int Question)? FirstDetectionQuestion(StudyDefinition study)
    {
        for (var p = 0; p < study.Pages.Count; p++)
        {
            if (study.Pages[p].Kind != PageKind.FreeText) continue;
            for (var q = 0; q < study.Pages[p].Questions.Count; q++)
                if (study.Pages[p].Questions[q].Kind == QuestionKind.Text) return (p, q);
        }
        return null;
    }

    /// <summary>The name of the defect the question names, or null.</summary>
    public static string? NamedDefect(StudyDefinition study, PageDefinition page, QuestionDefinition question)
    {
        if (page.Feature is null || question.Key is null) return null;
        // A literal key names what it keys; a spike question names every age it offers.
        IReadOnlyList<string> named = question.Key.Literal is { } literal ? [literal]
            : question.Key.Derived == DerivedKey.ShownEffectSpike ? question.Options : [];
        foreach (var defect in study.Data.Defects)
        {
            if (defect.Parameters.ValueKind != JsonValueKind.Object) continue;
            var column = false;
            var values = new List<string>();
            foreach (var field in defect.Parameters.EnumerateObject())
            {
                if (field.Name is "column" or "source" && field.Value.ValueKind == JsonValueKind.String && field.Value.GetString() == page.Feature) column = true;
                Collect(field.Value, values);
            }
            if (column && named.Any(n => values.Contains(n, StringComparer.Ordinal))) return defect.Name;
        }
        return null;
    }

    private static void Collect(JsonElement value, List<string> values)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String: values.Add(value.GetString()!); break;
            case JsonValueKind.Number: values.Add(value.GetDouble().ToString("R", CultureInfo.InvariantCulture)); break;
            case JsonValueKind.Array: foreach (var item in value.EnumerateArray()) Collect(item, values); break;
        }
    }
}
