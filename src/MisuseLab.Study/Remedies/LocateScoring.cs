using System.Globalization;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// One thing a participant marks as wrong on a locate page: a column (or a row selector: <see cref="Rows"/> for
/// duplicated rows, <see cref="Labels"/> for wrong labels) and optionally the value they find suspicious.
/// </summary>
public sealed record LocateMark(string Column, string? Value = null)
{
    /// <summary>The row selector "some rows appear more than once".</summary>
    public const string Rows = "(duplicate rows)";

    /// <summary>The row selector "some income labels are wrong"; the same name the manifest gives label changes.</summary>
    public const string Labels = CellChange.LabelColumn;
}

/// <summary>A participant's locate answer: structured marks plus free text (stored, hand-coded later, not scored here).</summary>
public sealed record LocateAnswer(IReadOnlyList<LocateMark> Marks, string? Text);

/// <summary>One injected defect and whether the answer located it.</summary>
public sealed record LocatedDefect(string Defect, string SpecPath, bool Detected);

/// <summary>Per participant: per defect detected or not; precision = marks that locate some defect / marks; recall = defects located / defects.</summary>
public sealed record LocateScore(IReadOnlyList<LocatedDefect> Defects, int Marks, int CorrectMarks, double? Precision, double Recall);

/// <summary>
/// Scores a locate answer against the defect manifest (the ground truth of what was changed). A mark locates a
/// defect when it names a column the defect changed (a cell's column, an added or re-encoded column or its source,
/// <see cref="LocateMark.Labels"/> for label changes, <see cref="LocateMark.Rows"/> for added rows) and, when the
/// defect wrote one value into every cell it touched (a careless imputation), it names that value too: "age" alone
/// is a guess, "age = 38" is the finding. Text values compare as numbers when both parse, else as category names.
/// </summary>
public static class LocateScoring
{
    public static LocateScore Score(DefectRun run, LocateAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(answer);
        var correct = new bool[answer.Marks.Count];
        var located = new List<LocatedDefect>(run.Steps.Count);
        foreach (var step in run.Steps)
        {
            var detected = false;
            for (var m = 0; m < answer.Marks.Count; m++)
            {
                if (!Locates(step, answer.Marks[m])) continue;
                correct[m] = true;
                detected = true;
            }
            located.Add(new LocatedDefect(step.Spec.Name, step.Spec.Path, detected));
        }
        var hits = correct.Count(c => c);
        return new LocateScore(located, answer.Marks.Count, hits,
            answer.Marks.Count == 0 ? null : (double)hits / answer.Marks.Count,
            run.Steps.Count == 0 ? 0 : (double)located.Count(d => d.Detected) / run.Steps.Count);
    }

    /// <summary>True when <paramref name="mark"/> points at what <paramref name="step"/> changed.</summary>
    public static bool Locates(DefectStep step, LocateMark mark)
    {
        var r = step.Result;
        if (r.AddedRows.Count > 0 && mark.Column == LocateMark.Rows) return true;
        if (r.ColumnChanges.Any(c => c.Column == mark.Column || c.DerivedFrom == mark.Column)) return true;
        var cells = r.Changes.Where(c => c.Column == mark.Column).ToList();
        if (cells.Count == 0) return false;
        var written = cells.Select(c => c.After).Distinct().ToList();
        if (written.Count != 1 || cells.Count < 2) return mark.Value is null || cells.Any(c => Same(c.After, mark.Value) || Same(c.Before, mark.Value));
        return mark.Value is not null && Same(written[0], mark.Value);
    }

    private static bool Same(ManifestValue value, string text)
    {
        text = text.Trim();
        if (value.Number is { } n)
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed == n;
        return value.Text is { } t && string.Equals(t, text, StringComparison.OrdinalIgnoreCase);
    }
}
