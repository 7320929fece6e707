namespace MisuseLab.Learning.Metrics;

/// <summary>One reliability-diagram bin: predictions in [Lower, Upper) (the last bin includes 1).</summary>
/// <param name="MeanPredicted">Mean predicted probability in the bin; null when the bin is empty.</param>
/// <param name="ObservedRate">Fraction of positive labels in the bin; null when the bin is empty.</param>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double? MeanPredicted, double? ObservedRate);

/// <summary>Equal-width calibration bins over [0, 1].</summary>
public static class CalibrationBins
{
    public const int DefaultBinCount = 10;

    public static IReadOnlyList<CalibrationBin> Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> probabilities, int binCount = DefaultBinCount)
    {
        MetricGuards.CheckPaired(labels, probabilities);
        MetricGuards.CheckProbabilities(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        var counts = new int[binCount];
        var positives = new int[binCount];
        var sums = new double[binCount];
        for (var i = 0; i < labels.Length; i++)
        {
            var p = probabilities[i];
            var b = Math.Min((int)(p * binCount), binCount - 1);
            counts[b]++;
            sums[b] += p;
            if (labels[i]) positives[b]++;
        }
        var bins = new CalibrationBin[binCount];
        for (var b = 0; b < binCount; b++)
        {
            var empty = counts[b] == 0;
            bins[b] = new CalibrationBin(
                (double)b / binCount,
                (double)(b + 1) / binCount,
                counts[b],
                empty ? null : sums[b] / counts[b],
                empty ? null : (double)positives[b] / counts[b]);
        }
        return bins;
    }
}
