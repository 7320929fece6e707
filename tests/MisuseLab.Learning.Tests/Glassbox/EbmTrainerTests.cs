using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Glassbox;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Glassbox;

public class EbmTrainerTests
{
    private static readonly EbmOptions Quick = new() { OuterBags = 4, LearningRate = 0.1 };

    [Fact]
    public void Recovers_known_additive_shapes_and_leaves_the_noise_feature_flat()
    {
        var (frame, labels) = SyntheticGam.Draw(12000, seed: 1);
        var model = new EbmTrainer(Quick).Fit(frame, labels);

        AssertShape(model, 0, Enumerable.Range(0, 50).Select(v => (double)v), SyntheticGam.Step);
        AssertShape(model, 1, Enumerable.Range(0, 40).Select(k => -2 + 0.1 * k), SyntheticGam.Linear);
        AssertShape(model, 2, Enumerable.Range(0, 5).Select(c => (double)c), SyntheticGam.Category);

        // The true step is 2 logits high; a shrunk or smoothed fit would fall well short.
        var jump = model.TermScore(0, 30) - model.TermScore(0, 20);
        Assert.InRange(jump, 1.6, 2.4);

        // Each noise bin holds ~400 rows, so sampling noise alone gives its log-odds a standard error near 0.1.
        var noiseRms = Math.Sqrt(Enumerable.Range(0, 30).Average(v => model.TermScore(3, v) * model.TermScore(3, v)));
        var stepRms = Math.Sqrt(Enumerable.Range(0, 50).Average(v => model.TermScore(0, v) * model.TermScore(0, v)));
        Assert.True(noiseRms < 0.12 && noiseRms < stepRms / 8,
            $"The no-signal feature's term should be near flat; its RMS score is {noiseRms:F3} against {stepRms:F3} for the step feature.");
    }

    private static void AssertShape(EbmModel model, int feature, IEnumerable<double> values, Func<double, double> truth)
    {
        var xs = values.ToArray();
        var learned = xs.Select(x => model.TermScore(feature, x)).ToArray();
        var expected = xs.Select(truth).ToArray();
        var r = SyntheticGam.Correlation(learned, expected);
        Assert.True(r > 0.95, $"Term '{model.Schema[feature].Name}' should follow its true shape; correlation {r:F3}.");
    }

    [Fact]
    public void A_single_value_spike_is_kept_in_its_own_bin()
    {
        // The mean-imputation defect shows as one bin departing from its neighbours; cuts must not smooth it away.
        var random = new Random(5);
        const int rows = 20000;
        var x = new double[rows];
        var labels = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            x[i] = random.Next(40);
            var margin = 0.05 * (x[i] - 20) + (x[i] == 20 ? 1.5 : 0);
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-margin));
        }
        var frame = new Frame(new FeatureSchema([FeatureSpec.Numeric("x")]), [x]);
        var model = new EbmTrainer(Quick).Fit(frame, labels);

        double Departure(int v) => model.TermScore(0, v) - (model.TermScore(0, v - 1) + model.TermScore(0, v + 1)) / 2;
        var spike = Departure(20);
        var largestOther = Enumerable.Range(1, 38).Where(v => v is < 19 or > 21).Max(v => Math.Abs(Departure(v)));
        // Early stopping shrinks a 2.5%-of-rows bin (the sample's own spike is 1.22 logits); it must still stand out.
        Assert.InRange(spike, 0.6, 1.8);
        Assert.True(spike > 3 * largestOther, $"The spike ({spike:F3}) should dwarf every other bin's departure from its neighbours (largest {largestOther:F3}).");
    }

    [Fact]
    public void Converges_to_the_per_bin_logit_of_the_empirical_rate_for_a_single_feature()
    {
        // With one feature and no early stopping, the maximum-likelihood GAM is the per-bin log-odds: a closed form.
        var random = new Random(11);
        double[] rates = [0.1, 0.3, 0.5, 0.8, 0.6, 0.2];
        const int rows = 3000;
        var x = new double[rows];
        var labels = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            var c = random.Next(rates.Length + 1);
            x[i] = c == rates.Length ? double.NaN : c;
            labels[i] = random.NextDouble() < (c == rates.Length ? 0.4 : rates[c]);
        }
        var frame = new Frame(new FeatureSchema([FeatureSpec.Categorical("c", ["a", "b", "c", "d", "e", "f"])]), [x]);
        var options = new EbmOptions { OuterBags = 1, ValidationFraction = 0, MaxRounds = 3000, LearningRate = 0.5, MinSamplesLeaf = 1 };
        var model = new EbmTrainer(options).Fit(frame, labels);

        for (var bin = 0; bin <= rates.Length; bin++)
        {
            int n = 0, positives = 0;
            for (var i = 0; i < rows; i++)
            {
                if (model.Bins.Features[0].BinOf(x[i]) != bin) continue;
                n++;
                if (labels[i]) positives++;
            }
            var expected = Math.Log((double)positives / (n - positives));
            Assert.Equal(expected, model.Intercept + model.TermScores[0][bin], 5);
        }
    }

    [Fact]
    public void Categories_are_ordered_by_gradient_before_splitting()
    {
        // Alternating effects: in index order no single cut separates them, in gradient order one cut does.
        var random = new Random(16);
        const int rows = 6000;
        var c = new double[rows];
        var labels = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            c[i] = random.Next(6);
            labels[i] = random.NextDouble() < (c[i] % 2 == 0 ? 0.75 : 0.25);
        }
        var schema = new FeatureSchema([FeatureSpec.Categorical("c", ["a", "b", "c", "d", "e", "f"])]);
        var oneStep = new EbmOptions { OuterBags = 1, ValidationFraction = 0, MaxRounds = 1, MaxLeaves = 2, LearningRate = 1 };
        var model = new EbmTrainer(oneStep).Fit(new Frame(schema, [c]), labels);

        var scores = Enumerable.Range(0, 6).Select(k => model.TermScore(0, k)).ToArray();
        var even = scores.Where((_, k) => k % 2 == 0).ToArray();
        var odd = scores.Where((_, k) => k % 2 == 1).ToArray();
        Assert.All(even, s => Assert.Equal(even[0], s));
        Assert.All(odd, s => Assert.Equal(odd[0], s));
        // One Newton step on the two groups lands on their log-odds difference, log(3) - log(1/3).
        Assert.InRange(even[0] - odd[0], 2 * Math.Log(3) - 0.25, 2 * Math.Log(3) + 0.25);
    }

    [Fact]
    public void Model_output_is_the_intercept_plus_term_lookups_exactly()
    {
        var (frame, labels) = SyntheticGam.Draw(3000, seed: 2);
        var model = new EbmTrainer(Quick).Fit(frame, labels);
        var (test, _) = SyntheticGam.Draw(500, seed: 3);

        var output = model.PredictRaw(test);
        for (var i = 0; i < test.RowCount; i++)
        {
            var expected = model.Intercept;
            for (var f = 0; f < test.ColumnCount; f++) expected += model.TermScores[f][ManualBin(model.Bins.Features[f], test.Column(f)[i])];
            Assert.Equal(expected, output[i]);
            Assert.Equal(expected, model.PredictRaw(test.Row(i)));
        }
    }

    [Fact]
    public void Every_term_has_zero_weighted_mean_over_the_training_data()
    {
        var (frame, labels) = SyntheticGam.Draw(4000, seed: 4);
        var model = new EbmTrainer(Quick).Fit(frame, labels);

        for (var f = 0; f < frame.ColumnCount; f++)
        {
            var sum = 0.0;
            foreach (var v in frame.Column(f)) sum += model.TermScores[f][ManualBin(model.Bins.Features[f], v)];
            Assert.True(Math.Abs(sum / frame.RowCount) < 1e-9, $"Term '{frame.Schema[f].Name}' has training mean {sum / frame.RowCount:E3}; expected 0 within 1e-9.");
        }
        // Centring moved the means into the intercept: the mean margin still matches the base rate closely.
        var meanMargin = model.PredictRaw(frame).Average();
        Assert.InRange(meanMargin - model.Intercept, -1e-9, 1e-9);
    }

    [Fact]
    public void Same_seed_gives_identical_arrays_whatever_the_parallelism()
    {
        var (frame, labels) = SyntheticGam.Draw(3000, seed: 6);
        var serial = new EbmTrainer(Quick with { MaxDegreeOfParallelism = 1 }).FitWithReport(frame, labels);
        var parallel = new EbmTrainer(Quick).FitWithReport(frame, labels);
        var again = new EbmTrainer(Quick).FitWithReport(frame, labels);
        foreach (var other in new[] { parallel, again })
        {
            Assert.Equal(serial.Model.Intercept, other.Model.Intercept);
            for (var f = 0; f < frame.ColumnCount; f++)
            {
                Assert.Equal(serial.Model.TermScores[f].ToArray(), other.Model.TermScores[f].ToArray());
                Assert.Equal(serial.Model.TermStandardDeviations[f].ToArray(), other.Model.TermStandardDeviations[f].ToArray());
            }
            Assert.Equal(serial.Bags, other.Bags);
        }

        var otherSeed = new EbmTrainer(Quick with { Seed = 7 }).Fit(frame, labels);
        Assert.NotEqual(serial.Model.TermScores[0].ToArray(), otherSeed.TermScores[0].ToArray());
    }

    [Fact]
    public void Missing_values_get_their_own_score()
    {
        var random = new Random(8);
        const int rows = 8000;
        var x = new double[rows];
        var labels = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            var missing = random.NextDouble() < 0.2;
            x[i] = missing ? double.NaN : random.Next(20);
            // Missing rows are more positive than any observed value, so no neighbour's score could stand in for them.
            var margin = missing ? 2.0 : 0.1 * x[i] - 1;
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-margin));
        }
        var model = new EbmTrainer(Quick).Fit(new Frame(new FeatureSchema([FeatureSpec.Numeric("x")]), [x]), labels);

        var missingScore = model.TermScore(0, double.NaN);
        Assert.Equal(model.TermScores[0][FeatureBins.MissingBin], missingScore);
        var highest = Enumerable.Range(0, 20).Max(v => model.TermScore(0, v));
        var lowest = Enumerable.Range(0, 20).Min(v => model.TermScore(0, v));
        Assert.True(missingScore - highest > 0.7, $"Missing score {missingScore:F3} should clearly exceed every observed value's score (highest {highest:F3}).");
        Assert.InRange(missingScore - lowest, 2.2, 3.8);
    }

    [Fact]
    public void Categories_never_seen_in_training_score_zero_with_no_band()
    {
        var random = new Random(9);
        var c = new double[2000];
        var labels = new bool[c.Length];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = random.Next(3);
            labels[i] = random.NextDouble() < (c[i] == 0 ? 0.2 : 0.6);
        }
        var schema = new FeatureSchema([FeatureSpec.Categorical("c", ["a", "b", "c", "unseen"])]);
        var model = new EbmTrainer(Quick).Fit(new Frame(schema, [c]), labels);

        Assert.Equal(0.0, model.TermScore(0, 3));
        Assert.Equal(0.0, model.TermStandardDeviations[0][model.Bins.Features[0].BinOf(3)]);
        Assert.True(model.TermScore(0, 1) - model.TermScore(0, 0) > 1, "The seen categories still carry their effect.");
    }

    [Fact]
    public void Bands_are_the_spread_across_bags_and_vanish_for_one_bag()
    {
        var (frame, labels) = SyntheticGam.Draw(3000, seed: 10);
        var single = new EbmTrainer(Quick with { OuterBags = 1 }).Fit(frame, labels);
        Assert.All(single.TermStandardDeviations, band => Assert.All(band, sd => Assert.Equal(0.0, sd)));

        var bagged = new EbmTrainer(Quick).Fit(frame, labels);
        var observedBins = Enumerable.Range(0, 50).Select(v => bagged.Bins.Features[0].BinOf(v)).ToArray();
        Assert.All(observedBins, bin => Assert.True(bagged.TermStandardDeviations[0][bin] > 0));
        Assert.All(bagged.TermStandardDeviations, band => Assert.All(band, sd => Assert.True(sd >= 0 && sd < 0.5)));
    }

    [Fact]
    public void Early_stopping_keeps_the_terms_of_the_best_validation_round()
    {
        // A small noisy sample with a large learning rate overfits quickly, so validation loss turns upward.
        var (frame, labels) = SyntheticGam.Draw(1500, seed: 12);
        var options = new EbmOptions { OuterBags = 1, LearningRate = 0.3, EarlyStoppingRounds = 20, MinSamplesLeaf = 2 };
        var first = new EbmTrainer(options).FitWithReport(frame, labels);
        var bag = Assert.Single(first.Bags);
        Assert.True(bag.RoundsRun < options.MaxRounds, $"Expected early stopping; ran {bag.RoundsRun} rounds.");
        Assert.True(bag.BestRound <= bag.RoundsRun - options.EarlyStoppingRounds);
        Assert.Equal(1500 - bag.ValidationRows, bag.TrainingRows);

        // Training exactly to the best round follows the same trajectory and must end with the same terms.
        var truncated = new EbmTrainer(options with { MaxRounds = bag.BestRound }).FitWithReport(frame, labels);
        Assert.Equal(bag.BestValidationLogLoss, truncated.Bags[0].BestValidationLogLoss);
        Assert.Equal(first.Model.Intercept, truncated.Model.Intercept);
        for (var f = 0; f < frame.ColumnCount; f++) Assert.Equal(first.Model.TermScores[f].ToArray(), truncated.Model.TermScores[f].ToArray());
    }

    [Fact]
    public void Without_a_validation_split_every_bag_runs_all_rounds_on_all_rows()
    {
        var (frame, labels) = SyntheticGam.Draw(1000, seed: 13);
        var result = new EbmTrainer(Quick with { ValidationFraction = 0, MaxRounds = 30 }).FitWithReport(frame, labels);
        Assert.All(result.Bags, bag =>
        {
            Assert.Equal(30, bag.RoundsRun);
            Assert.Equal(1000, bag.TrainingRows);
            Assert.Equal(0, bag.ValidationRows);
            Assert.True(double.IsNaN(bag.BestValidationLogLoss));
        });
    }

    [Fact]
    public void Rejects_labels_that_do_not_fit_the_frame()
    {
        var (frame, labels) = SyntheticGam.Draw(100, seed: 14);
        var trainer = new EbmTrainer();

        var wrongCount = Assert.Throws<DataFormatException>(() => trainer.Fit(frame, labels[..99]));
        Assert.Contains("100", wrongCount.Message);
        Assert.Contains("99", wrongCount.Message);

        var oneClass = Assert.Throws<DataFormatException>(() => trainer.Fit(frame, new bool[100]));
        Assert.Contains("both classes", oneClass.Message);

        var tiny = SyntheticGam.Draw(4, seed: 15);
        var noValidation = Assert.Throws<DataFormatException>(() => trainer.Fit(tiny.Features, [true, false, false, true]));
        Assert.Contains(nameof(EbmOptions.ValidationFraction), noValidation.Message);
    }

    /// <summary>Bin of a value by the documented rule, independent of <see cref="FeatureBins.BinOf"/>'s binary search.</summary>
    private static int ManualBin(FeatureBins bins, double v)
    {
        if (double.IsNaN(v)) return 0;
        if (bins.Kind == FeatureKind.Categorical) return 1 + (int)v;
        var below = 0;
        foreach (var cut in bins.Cuts) if (cut <= v) below++;
        return 1 + below;
    }
}
