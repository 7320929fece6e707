using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Pipeline;

/// <summary>The data and model overview: sizes, test accuracy and AUC, and the training data's age histogram.</summary>
public static class OverviewViews
{
    /// <summary>Features whose histograms the overview shows: age, where the injected mean-imputation spike is visible.</summary>
    public static readonly IReadOnlyList<string> HistogramFeatures = ["age"];

    public static OverviewPayload For(TrainedModel model)
    {
        var data = model.Data;
        var histograms = HistogramFeatures
            .Where(name => data.Schema.TryIndexOf(name, out var f) && !data.Schema[f].IsCategorical)
            .Select(name => Histogram(name, data.Train.Column(name)));
        return new OverviewPayload(data.Train.RowCount, data.Test.RowCount, model.Metrics.Accuracy, model.Metrics.Auc, histograms);
    }

    /// <summary>Unit-width bins for whole numbers spanning at most 120 values (ages), else 30 equal-width bins.</summary>
    public static Histogram Histogram(string feature, ReadOnlySpan<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var whole = true;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            whole &= v == Math.Floor(v);
        }
        if (double.IsInfinity(min)) return new Histogram(feature, [0, 1], [0]);
        double start, width;
        int bins;
        if (whole && max - min < 120) { start = min; width = 1; bins = (int)(max - min) + 1; }
        else { start = min; bins = 30; width = max > min ? (max - min) / bins : 1; }
        var counts = new long[bins];
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            counts[Math.Min(bins - 1, (int)((v - start) / width))]++;
        }
        return new Histogram(feature, Enumerable.Range(0, bins + 1).Select(i => start + i * width), counts);
    }
}
