namespace MisuseLab.Learning.Metrics;

/// <summary>Area under the ROC curve, exact under ties.</summary>
public static class RocAuc
{
    /// <summary>
    /// The probability that a random positive scores above a random negative, ties counting ½ — the
    /// Mann–Whitney U statistic over n₊·n₋, computed from average ranks of tie groups in O(n log n).
    /// Needs at least one row of each class.
    /// </summary>
    public static double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        MetricGuards.CheckPaired(labels, scores);
        var n = labels.Length;
        var order = new int[n];
        var keys = scores.ToArray();
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(keys[i]))
                throw new ArgumentException($"Score {i} is NaN; AUC needs every score to be a number.", nameof(scores));
            order[i] = i;
        }
        Array.Sort(keys, order);
        long positives = 0;
        double positiveRankSum = 0;
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            // Ranks start..end (1-based: start+1..end+1) are shared by the group; each gets their mean.
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (!labels[order[k]]) continue;
                positives++;
                positiveRankSum += averageRank;
            }
            start = end + 1;
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"AUC needs both classes; found {positives} positive and {negatives} negative labels.", nameof(labels));
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
