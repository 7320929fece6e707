using MisuseLab.Learning.Data;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Pipeline;

/// <summary>
/// The trivial baseline: real training rows with their labels and the model's probabilities — the k rows nearest
/// to a person (Gower distance: numeric differences scaled by the feature's range, categories and missingness
/// 0 or 1), and the k rows the model rates highest and lowest.
/// </summary>
public sealed class ExampleViews(TrainedModel model, int k = 5)
{
    private readonly Lazy<(ExampleRow[] Top, ExampleRow[] Bottom)> _extremes = new(() => Extremes(model, k));
    private readonly Lazy<double[]> _ranges = new(() => Ranges(model.Data.Train));

    /// <summary>The extremes only (pages without a person of their own).</summary>
    public ExamplesPayload General() => new(null, [], _extremes.Value.Top, _extremes.Value.Bottom);

    /// <summary>A test person with their nearest training rows and the extremes.</summary>
    public ExamplesPayload For(int testRow)
    {
        var data = model.Data;
        var instance = new ExampleRow(testRow, data.TestLabels[testRow], model.TestProbabilities[testRow], ShownValues.Row(data.Test, testRow));
        return new ExamplesPayload(instance, Nearest(testRow), _extremes.Value.Top, _extremes.Value.Bottom);
    }

    private ExampleRow[] Nearest(int testRow)
    {
        var train = model.Data.Train;
        var person = model.Data.Test.Row(testRow);
        var ranges = _ranges.Value;
        var distances = new double[train.RowCount];
        for (var f = 0; f < train.ColumnCount; f++)
        {
            var column = train.Column(f);
            var categorical = train.Schema[f].IsCategorical;
            var v = person[f];
            for (var i = 0; i < distances.Length; i++)
            {
                var u = column[i];
                distances[i] += double.IsNaN(u) || double.IsNaN(v) ? (double.IsNaN(u) && double.IsNaN(v) ? 0 : 1)
                    : categorical ? (u == v ? 0 : 1)
                    : ranges[f] > 0 ? Math.Abs(u - v) / ranges[f] : 0;
            }
        }
        // Ties broken by row index, so the choice never depends on sort stability.
        var order = Enumerable.Range(0, distances.Length).OrderBy(i => distances[i]).ThenBy(i => i).Take(k);
        return [.. order.Select(i => Row(model, i))];
    }

    private static (ExampleRow[], ExampleRow[]) Extremes(TrainedModel model, int k)
    {
        var p = model.TrainProbabilities;
        var ascending = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        return ([.. ascending.Reverse().Take(k).Select(i => Row(model, i))], [.. ascending.Take(k).Select(i => Row(model, i))]);
    }

    private static ExampleRow Row(TrainedModel model, int trainRow) =>
        new(trainRow, model.Data.TrainLabels[trainRow], model.TrainProbabilities[trainRow], ShownValues.Row(model.Data.Train, trainRow));

    private static double[] Ranges(Frame frame)
    {
        var ranges = new double[frame.ColumnCount];
        for (var f = 0; f < ranges.Length; f++)
        {
            if (frame.Schema[f].IsCategorical) continue;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (var v in frame.Column(f))
                if (!double.IsNaN(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
            ranges[f] = max > min ? max - min : 0;
        }
        return ranges;
    }
}
