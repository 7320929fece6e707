namespace MisuseLab.Study.Pipeline;

/// <summary>A forward-simulation pair: test rows shown as "a" and "b", and which one the model rates higher.</summary>
public sealed record TrialPair(int RowA, int RowB, string ModelHigher);

/// <summary>
/// Picks trial pairs whose predicted probabilities differ by at least the question's gap (catch trials use a
/// large gap, so the answer is obvious). Seeded per page and question; people with missing values are avoided;
/// which person is shown as "a" is itself a seeded coin flip, so the key is not always the same letter.
/// </summary>
public static class TrialSelection
{
    private const int Attempts = 10_000;

    public static TrialPair Select(TrainedModel model, double minGap, int seed, int pageIndex, int questionIndex)
    {
        var p = model.TestProbabilities;
        var data = model.Data;
        var candidates = Enumerable.Range(0, data.Test.RowCount)
            .Where(i => Enumerable.Range(0, data.Test.ColumnCount).All(f => !double.IsNaN(data.Test.Column(f)[i])))
            .ToArray();
        if (candidates.Length < 2)
            throw new StudyPipelineException("Forward-simulation trials need at least two test people without missing values.");
        var random = new Random(unchecked(seed * 7919 + pageIndex * 104_729 + questionIndex) & int.MaxValue);
        (int A, int B, double Gap) best = (candidates[0], candidates[1], -1);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var a = candidates[random.Next(candidates.Length)];
            var b = candidates[random.Next(candidates.Length)];
            var gap = Math.Abs(p[a] - p[b]);
            if (a == b || gap <= best.Gap) continue;
            best = (a, b, gap);
            if (gap >= minGap) break;
        }
        if (best.Gap < minGap)
            throw new StudyPipelineException($"No pair of test people differs by the required probability gap {minGap} under model '{model.Id}'; lower min_probability_gap.");
        var (first, second) = random.Next(2) == 0 ? (best.A, best.B) : (best.B, best.A);
        return new TrialPair(first, second, p[first] > p[second] ? "a" : "b");
    }
}
