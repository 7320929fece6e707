using System.Globalization;

namespace MisuseLab.Analysis.Dataset;

/// <summary>
/// Each participant's mean over the rating items of the given questions they answered (a NASA-TLX question's six
/// subscale items count as its items): the per-participant value of a declared average and of the paper's Table 2
/// rating rows, computed in one place so the two cannot drift apart.
/// </summary>
internal static class ParticipantMeans
{
    public static List<(DatasetParticipant Participant, double Value)> Of(IEnumerable<DatasetResponse> responses, IReadOnlySet<string> questionIds) =>
    [
        .. responses.Where(r => !r.Item.IsConfidence && r.Item.IsRating && questionIds.Contains(r.Item.Question.Id))
            .GroupBy(r => r.Participant.Record.Id)
            .Select(g => (g.First().Participant, g.Average(r => double.Parse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture)))),
    ];
}
