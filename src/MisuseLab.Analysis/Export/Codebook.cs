using System.Globalization;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Export;

/// <summary>
/// codebook.csv: one row per column of every CSV file (what it holds), then one row per item (type, prompt, scale,
/// anchors, options, answer key) — page items under responses.csv column "value", background items under their
/// participants.csv column.
/// </summary>
internal static class Codebook
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["pseudonym"] = "Participant's random pseudonym, stable within the study; never derived from the account.",
        ["cell"] = "Condition cell id from the study file.",
        ["page"] = "Page id from the study file.",
        ["page_index"] = "Position of the page in the study (0 = consent).",
        ["item"] = "Item id: a question id, or '<trial>:confidence' for a forward-simulation trial's confidence rating.",
        ["item_type"] = "likert, choice, yes-no, text, forward-simulation, catch, multi-select, number, nasa-tlx, locate, remedy, or confidence.",
        ["value"] = "The answer as stored: ratings as integers (a NASA-TLX question as six rows '<id>:mental' … '<id>:frustration'), options as written, yes/no, a/b for trials, free text as typed, numbers in invariant form (12, 2.5), a multi-select as a JSON array of the chosen options' texts in option order.",
        ["key"] = "The right answer for this participant: literal keys as written, derived keys resolved against the stimulus they saw, trial keys from the stimulus. Empty for unkeyed items.",
        ["correct"] = "1 when value equals key, 0 when not, empty for unkeyed items.",
        ["stimulus_sha256"] = "SHA-256 of the stimulus shown with the item (file stimuli/<sha256>.json); empty on pages without content.",
        ["answered_at"] = "First save of the answer, ISO 8601 UTC.",
        ["updated_at"] = "Latest save of the answer, ISO 8601 UTC.",
        ["seconds_on_page"] = "Seconds from the first view of the page to its submit, measured by the server.",
        ["code"] = "Analysts' qualitative code(s) of a free-text answer, several separated by ';'. Empty when not coded.",
        ["status"] = "consented, active, completed, abandoned, withdrawn or screened-out (ended by the study's screening rule after the background form: background answers only, never analysed).",
        ["withdrawn"] = "1 for a participant who withdrew (their answers and events were deleted); rows appear only with --include-withdrawn.",
        ["pilot"] = "1 for a pilot participant (enrolled with a pilot invite code, e.g. the facilitator's bots); rows appear only with --include-pilot (analyst: includePilot=true), and then count in analysis.json too.",
        ["started_at"] = "Consent time, ISO 8601 UTC.",
        ["finished_at"] = "Completion, withdrawal or abandonment time, ISO 8601 UTC; empty while in progress.",
        ["duration_seconds"] = "finished_at − started_at in seconds.",
        ["last_page"] = "Id of the page the participant was last on (debrief when completed).",
        ["excluded"] = "1 when the study's declared exclusion rules leave the participant out of the confirmatory analysis, else 0.",
        ["exclusion_reason"] = "Why, ';'-separated: incomplete (session not finished), failed-catch (a wrong answer to an attention item), too-fast (less than the declared minimum seconds on a page with questions).",
        ["type"] = "Event type: page.view, page.submit (detail: dwell_ms, client_dwell_ms), chart.hover, chart.click, chart.relayout, chart.legend.",
        ["detail"] = "Event detail as a JSON object.",
        ["at"] = "Event time, ISO 8601 UTC.",
        ["question"] = "Forward-simulation question id for a trial stimulus; empty for a page's own content.",
        ["instance"] = "Test-set row(s) shown ('test:<row>'), empty when none.",
        ["sha256"] = "SHA-256 of the stimulus' canonical JSON.",
        ["file"] = "Path of the stimulus file in this export.",
    };

    public static IEnumerable<string?[]> Rows(StudyDataset data, ExportLayout layout)
    {
        foreach (var column in layout.ResponseHeader) yield return ColumnRow(data, layout, "responses.csv", column);
        foreach (var column in layout.ParticipantHeader) yield return ColumnRow(data, layout, "participants.csv", column);
        foreach (var column in StudyExporter.EventColumns) yield return ColumnRow(data, layout, "events.csv", column);
        foreach (var column in StudyExporter.StimulusColumns) yield return ColumnRow(data, layout, "stimuli.csv", column);
        if (data.CoderCodes.Count > 0) foreach (var row in CodingExport.CodebookRows()) yield return row;
        if (TaskExport.Applies(data)) foreach (var row in TaskExport.CodebookRows()) yield return row;

        foreach (var item in data.Items)
        {
            yield return ItemRow("responses.csv", "value", item.ItemId, item.PageId, item.Type, item.Question, item.IsConfidence, item.TlxDimension);
            if (item.TlxDimension == NasaTlx.Dimensions[^1]) yield return TlxScoreRow(item);
        }
        for (var i = 0; i < layout.BackgroundItems.Count; i++)
        {
            var question = data.Background.FirstOrDefault(q => q.Id == layout.BackgroundItems[i]);
            yield return question is null
                ? ["participants.csv", layout.BackgroundColumns[i], layout.BackgroundItems[i], "background", "", "", "", "", "", "", "Stored background item the study definition does not list."]
                : ItemRow("participants.csv", layout.BackgroundColumns[i], question.Id, "background", StudyVocabulary.NameOf(question.Kind), question, false, null);
        }
    }

    private static string?[] ColumnRow(StudyDataset data, ExportLayout layout, string file, string column)
    {
        var factor = layout.FactorColumns.ToList().IndexOf(column);
        string description;
        if (factor >= 0)
        {
            var f = data.Definition.Conditions.Factors[factor];
            description = $"Level of factor '{f.Name}': {string.Join(", ", f.Levels)}.";
        }
        else if (file == "participants.csv" && layout.BackgroundColumns.Contains(column))
        {
            description = "Background answer (see the item row below).";
        }
        else
        {
            description = Descriptions.GetValueOrDefault(column, "");
        }
        return [file, column, "", "", "", "", "", "", "", "", description];
    }

    private static string?[] ItemRow(string file, string column, string itemId, string page, string type, QuestionDefinition q, bool confidence, NasaTlx.Dimension? tlx)
    {
        var scale = confidence || q.Kind is QuestionKind.Likert or QuestionKind.NasaTlx ? q.Scale : null;
        var prompt = confidence ? $"Confidence in the answer to: {q.Prompt}" : tlx is not null ? $"{q.Prompt} — {tlx.Name}: {tlx.Prompt}" : q.Prompt;
        // A TLX subscale is labelled with its own ends (Performance runs Perfect → Failure), so high always means more load.
        var anchors = scale is null ? ""
            : tlx is not null ? string.Create(CultureInfo.InvariantCulture, $"{scale.Min}={tlx.Low}; {scale.Max}={tlx.High}")
            : string.Join("; ", scale.Anchors.OrderBy(a => a.Key).Select(a => $"{a.Key.ToString(CultureInfo.InvariantCulture)}={a.Value}"));
        var range = q.Kind == QuestionKind.Number && q.Range is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"{r.Min:R}-{r.Max:R}") : scale is null ? "" : $"{scale.Min}-{scale.Max}";
        var options = confidence ? ""
            : q.Kind is QuestionKind.Choice or QuestionKind.Catch or QuestionKind.MultiSelect ? string.Join(" | ", q.Options)
            : q.Kind == QuestionKind.ForwardSimulation ? "a | b" : q.Kind == QuestionKind.YesNo ? "yes | no" : "";
        var notes = q.IsCatch ? "Catch trial (attention check with an obvious answer)."
            : confidence ? ""
            : q.Kind == QuestionKind.MultiSelect ? "Multi-select: any non-empty set of the options; value is a JSON array of the chosen options' texts in option order, e.g. [\"a\",\"c\"]."
            : q.Kind == QuestionKind.Number && q.Range is { } n ? $"Number{(n.Integer ? ", whole" : "")}{(n.Unit is null ? "" : $", in {n.Unit}")}, from min to max inclusive; value in invariant form (12, 2.5)."
            : tlx is not null ? "NASA-TLX subscale rating; the question's score is the row below." : "";
        return [file, column, itemId, page, type, prompt, range, anchors, options, confidence ? "" : KeyText(q), notes];
    }

    /// <summary>The Raw TLX score of a NASA-TLX question: not a stored row, the mean of its six subscale rows.</summary>
    private static string?[] TlxScoreRow(AnswerItem last) =>
        ["responses.csv", "value", last.Question.Id, last.PageId, "nasa-tlx score", last.Question.Prompt,
            last.Question.Scale is { } s ? $"{s.Min}-{s.Max}" : "", "", "", "",
            $"Derived, not a row: Raw TLX, the unweighted mean of the six rows {string.Join(", ", NasaTlx.Dimensions.Select(d => NasaTlx.ItemId(last.Question.Id, d)))} (NasaTlx.Score; no pairwise weights are collected). Missing when any subscale is missing."];

    private static string KeyText(QuestionDefinition q)
    {
        if (q.Kind == QuestionKind.ForwardSimulation) return "model-higher: the person the model rates higher (from the trial stimulus)";
        if (q.Key is null) return "";
        if (q.Key.Literal is not null) return q.Key.Literal;
        return q.Key.Derived switch
        {
            DerivedKey.ShownTopFeature => "derived: shown-top-feature (first feature of the global explanation the participant saw)",
            DerivedKey.ShownEffectRises => "derived: shown-effect-rises (yes when the shown effect's last y exceeds its first)",
            DerivedKey.ShownEffectSpike => "derived: shown-effect-spike (the offered x where the shown effect has a spike or dip of at least 3% of its range, else the non-numeric option)",
            DerivedKey.ShownRank => string.Create(CultureInfo.InvariantCulture, $"derived: shown-rank-{q.Key.Rank} (feature number {q.Key.Rank} of the global explanation the participant saw)"),
            _ => "derived",
        };
    }
}
