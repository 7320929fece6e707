using System.Collections.Immutable;
using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Models;

/// <summary>
/// An Explainable Boosting Machine (a GAM): margin = Intercept + Σ_f TermScores[f][bin_f(x_f)].
/// One term per feature, one score per bin (bin 0 = missing), each term centred on its weighted training
/// mean; <c>TermStandardDeviations</c> are the per-bin standard deviations across outer bags.
/// </summary>
public sealed class EbmModel : IBinaryClassifier
{
    public EbmModel(BinMapper bins, IEnumerable<IEnumerable<double>> termScores, IEnumerable<IEnumerable<double>> termStandardDeviations, double intercept)
    {
        Bins = bins ?? throw new ArgumentNullException(nameof(bins));
        TermScores = [.. termScores.Select(t => t.ToImmutableArray())];
        TermStandardDeviations = [.. termStandardDeviations.Select(t => t.ToImmutableArray())];
        Intercept = intercept;
        if (!double.IsFinite(intercept))
            throw new InvalidModelException($"Intercept must be finite; found {intercept}.");
        if (TermScores.Length != Schema.Count || TermStandardDeviations.Length != Schema.Count)
            throw new InvalidModelException($"Expected one term and one band per feature ({Schema.Count}); found {TermScores.Length} terms and {TermStandardDeviations.Length} bands.");
        for (var f = 0; f < Schema.Count; f++)
        {
            var binCount = bins.Features[f].BinCount;
            if (TermScores[f].Length != binCount || TermStandardDeviations[f].Length != binCount)
                throw new InvalidModelException($"Term '{Schema[f].Name}' needs one score and one standard deviation per bin ({binCount}); found {TermScores[f].Length} and {TermStandardDeviations[f].Length}.");
        }
    }

    public FeatureSchema Schema => Bins.Schema;
    public BinMapper Bins { get; }
    public ImmutableArray<ImmutableArray<double>> TermScores { get; }
    public ImmutableArray<ImmutableArray<double>> TermStandardDeviations { get; }
    public double Intercept { get; }

    /// <summary>The score feature <paramref name="feature"/> contributes for value <paramref name="x"/>.</summary>
    public double TermScore(int feature, double x) => TermScores[feature][Bins.Features[feature].BinOf(x)];

    public double PredictRaw(ReadOnlySpan<double> row)
    {
        var sum = Intercept;
        for (var f = 0; f < TermScores.Length; f++) sum += TermScore(f, row[f]);
        return sum;
    }

    public double[] PredictRaw(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var output = new double[frame.RowCount];
        Array.Fill(output, Intercept);
        for (var f = 0; f < TermScores.Length; f++)
        {
            var column = frame.Column(f);
            var bins = Bins.Features[f];
            var scores = TermScores[f];
            for (var i = 0; i < output.Length; i++) output[i] += scores[bins.BinOf(column[i])];
        }
        return output;
    }

    /// <summary>A copy with other term scores (for model randomization); bands and bins kept.</summary>
    public EbmModel WithTermScores(IEnumerable<IEnumerable<double>> termScores, double intercept) =>
        new(Bins, termScores, TermStandardDeviations.Select(t => (IEnumerable<double>)t), intercept);
}
