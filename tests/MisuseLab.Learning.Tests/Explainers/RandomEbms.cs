using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

internal static class RandomEbms
{
    /// <summary>An EBM with bins fitted on <paramref name="frame"/> and seeded random scores and bands.</summary>
    public static EbmModel Ebm(Random random, Frame frame, int maxBins = 8)
    {
        var bins = BinMapper.Fit(frame, maxBins);
        var scores = bins.Features.Select(b => Enumerable.Range(0, b.BinCount).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray()).ToArray();
        var sds = bins.Features.Select(b => Enumerable.Range(0, b.BinCount).Select(_ => Math.Round(random.NextDouble() * 0.2, 3)).ToArray()).ToArray();
        return new EbmModel(bins, scores, sds, 0.125);
    }

    /// <summary>
    /// A tiny test-only additive trainer (not the project's EBM trainer): each bin's score is the smoothed log-odds
    /// of the positive rate in that bin minus the overall log-odds. It learns real signal, which is what the data
    /// randomization test needs to destroy.
    /// </summary>
    public static EbmModel NaiveAdditive(Frame frame, bool[] labels)
    {
        var bins = BinMapper.Fit(frame, 12);
        var binned = bins.Transform(frame);
        var positives = labels.Count(l => l);
        var overall = Logistic.Logit((positives + 1.0) / (labels.Length + 2.0));
        var scores = new double[frame.ColumnCount][];
        for (var f = 0; f < frame.ColumnCount; f++)
        {
            var count = new double[bins.Features[f].BinCount];
            var pos = new double[count.Length];
            var column = binned.Column(f);
            for (var i = 0; i < column.Length; i++) { count[column[i]]++; if (labels[i]) pos[column[i]]++; }
            scores[f] = [.. count.Select((n, b) => Logistic.Logit((pos[b] + 1) / (n + 2)) - overall)];
        }
        return new EbmModel(bins, scores, scores.Select(s => new double[s.Length]), overall);
    }
}
