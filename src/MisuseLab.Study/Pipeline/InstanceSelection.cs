using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Pipeline;

/// <summary>
/// Picks the test person a local page shows. The same person is shown in every cell when one fits the selector
/// under every model of the study (so tools are compared on the same person), preferring people without missing
/// values; the choice among candidates is a seeded draw, so it is reproducible.
/// </summary>
public static class InstanceSelection
{
    public static int Select(InstanceSelector selector, IReadOnlyList<TrainedModel> models, int seed)
    {
        if (models.Count == 0) throw new ArgumentException("Expected at least one model.", nameof(models));
        var data = models[0].Data;
        var complete = Enumerable.Range(0, data.Test.RowCount).Where(i => !HasMissing(data, i)).ToArray();
        int[] Fits(IEnumerable<TrainedModel> ms, int[] rows) => rows.Where(i => ms.All(m => Matches(selector, m, i))).ToArray();

        var candidates = Fits(models, complete);
        if (candidates.Length == 0) candidates = Fits(models, Enumerable.Range(0, data.Test.RowCount).ToArray());
        if (candidates.Length == 0) candidates = Fits(models.Take(1), Enumerable.Range(0, data.Test.RowCount).ToArray());
        if (candidates.Length == 0)
            throw new StudyPipelineException($"No test person fits the instance selector '{selector}' under model '{models[0].Id}'; choose another selector.");
        // One draw per selector from a generator seeded by the data seed and the selector, independent of page order.
        // (HashCode.Combine is randomized per process, so the seed is mixed by hand.)
        return candidates[new Random(unchecked(seed * 1_000_003 + (int)selector) & int.MaxValue).Next(candidates.Length)];
    }

    public static bool Matches(InstanceSelector selector, TrainedModel model, int row)
    {
        var label = model.Data.TestLabels[row];
        var predicted = model.PredictsPositive(row);
        return selector switch
        {
            InstanceSelector.CorrectPositive => label && predicted,
            InstanceSelector.CorrectNegative => !label && !predicted,
            InstanceSelector.FalsePositive => !label && predicted,
            InstanceSelector.FalseNegative => label && !predicted,
            InstanceSelector.Misclassified => label != predicted,
            InstanceSelector.Random => true,
            _ => throw new ArgumentOutOfRangeException(nameof(selector), selector, null),
        };
    }

    private static bool HasMissing(StudyData data, int row)
    {
        for (var f = 0; f < data.Test.ColumnCount; f++)
            if (double.IsNaN(data.Test.Column(f)[row])) return true;
        return false;
    }
}
