using MisuseLab.Analysis.Dataset;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Analysis.Reports;

/// <summary>One stored locate answer, read back: its marks and its score against the manifest at submission.</summary>
public sealed record LocateRow(DatasetResponse Response, LocateAnswer Answer, LocateScore Score);

/// <summary>One stored remedy answer, read back: the chosen fixes and the retrained model's score.</summary>
public sealed record RemedyRow(DatasetResponse Response, RemedyScore Score);

/// <summary>The answers of locate and remedy pages (issue 17) among a dataset's responses, parsed from their stored JSON.</summary>
public static class TaskRows
{
    public static IReadOnlyList<LocateRow> Locate(IEnumerable<DatasetResponse> responses) =>
        [.. responses.Where(r => r.Item.Question.Kind == QuestionKind.Locate).Select(r =>
        {
            var (answer, score) = LocateAnswerJson.Read(r.Value);
            return new LocateRow(r, answer, score);
        })];

    public static IReadOnlyList<RemedyRow> Remedy(IEnumerable<DatasetResponse> responses) =>
        [.. responses.Where(r => r.Item.Question.Kind == QuestionKind.Remedy).Select(r => new RemedyRow(r, RemedyScore.FromJson(r.Value)))];
}
