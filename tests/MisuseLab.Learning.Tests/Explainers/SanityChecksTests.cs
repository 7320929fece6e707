using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class SanityChecksTests
{
    /// <summary>Labels driven by the first features with decreasing strength, so explanations have a clear order.</summary>
    private static (Frame Frame, bool[] Labels) Data(int seed, int features = 8, int rows = 1500)
    {
        var random = new Random(seed);
        var schema = new FeatureSchema(Enumerable.Range(0, features).Select(f => FeatureSpec.Numeric($"x{f}")));
        var columns = Enumerable.Range(0, features).Select(_ => Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(i =>
        {
            var margin = 0.0;
            for (var f = 0; f < features; f++) margin += columns[f][i] * 4.0 / (1 + f);
            return random.NextDouble() < Logistic.Sigmoid(margin);
        }).ToArray();
        return (new Frame(schema, columns), labels);
    }

    [Fact]
    public void Ebm_terms_and_permutation_importance_change_under_model_and_data_randomization()
    {
        // One seed's verdict is a coin with a few per cent chance of a chance correlation, so the behaviour is
        // asserted on the mean over five seeds: the trained model's explanation must be forgotten on average.
        var (frame, labels) = Data(41, features: 14, rows: 3000);
        var model = RandomEbms.NaiveAdditive(frame, labels);
        var reports = Enumerable.Range(1, 5).Select(seed =>
            SanityChecks.Run(model, frame, labels, RandomEbms.NaiveAdditive, new SanityCheckOptions { Seed = seed, ExplainedRows = 400 })).ToList();

        var first = reports[0].Results;
        Assert.Equal(["EBM terms", "Permutation importance", "EBM terms", "Permutation importance"], first.Select(r => r.Explainer));
        Assert.Equal([SanityChecks.ModelRandomization, SanityChecks.ModelRandomization, SanityChecks.DataRandomization, SanityChecks.DataRandomization], first.Select(r => r.Test));
        Assert.Equal([1, 2, 4, 8, 14], first[0].Steps.Select(s => s.RandomizedUnits));
        Assert.NotNull(first[0].Steps[0].Agreement.LocalSpearman);
        Assert.Null(first[1].Steps[0].Agreement.LocalSpearman);

        for (var r = 0; r < first.Count; r++)
        {
            var meanAbs = reports.Average(report => Math.Abs(report.Results[r].Steps[^1].Agreement.GlobalSpearman));
            Assert.True(meanAbs < 0.5, $"{first[r].Explainer}, {first[r].Test}: mean |ρ| over seeds {meanAbs:F3}");
            Assert.True(reports.Count(report => report.Results[r].Passed) >= 3, $"{first[r].Explainer}, {first[r].Test} passed on fewer than 3 of 5 seeds");
        }
        // Cascading: randomizing only the weakest term keeps much more of the EBM's ranking than randomizing all.
        Assert.True(reports.Average(x => x.Results[0].Steps[0].Agreement.GlobalSpearman) > reports.Average(x => x.Results[0].Steps[^1].Agreement.GlobalSpearman) + 0.3);
    }

    [Fact]
    public void Tree_ensemble_cascade_redraws_trailing_trees_only_and_is_deterministic()
    {
        var random = new Random(43);
        var schema = RandomEnsembles.Schema(6);
        var model = RandomEnsembles.Ensemble(random, schema, trees: 6, maxDepth: 3);
        var frame = RandomEnsembles.Rows(random, schema, 300);
        var redrawn = TreeRedraw.Redraw(model.Trees[5], frame, 1, 5, 0.5);
        Assert.Equal(model.Trees[5].Left.ToArray(), redrawn.Left.ToArray());
        Assert.NotEqual(model.Trees[5].Value.ToArray(), redrawn.Value.ToArray());
        Assert.Equal(redrawn.Value.ToArray(), TreeRedraw.Redraw(model.Trees[5], frame, 1, 5, 0.5).Value.ToArray());

        var labels = model.PredictRaw(frame).Select(m => m > 0).ToArray();
        var options = new SanityCheckOptions { Seed = 1, ExplainedRows = 200, Explainers = [new TreeShapExplainer()] };
        var a = SanityChecks.Run(model, frame, labels, options: options);
        var b = SanityChecks.Run(model, frame, labels, options: options);
        Assert.Equal([1, 2, 4, 6], a.Results[0].Steps.Select(s => s.RandomizedUnits));
        Assert.Equal(a.Results[0].Steps.Select(s => s.Agreement), b.Results[0].Steps.Select(s => s.Agreement));
    }

    [Fact]
    public void Identical_explanations_agree_perfectly_and_would_fail_the_check()
    {
        var output = new ExplainerOutput([0.5, 0.1, 0.3, 0.0], [[0.2, -0.1, 0.4, 0.0], [0.1, 0.3, -0.2, 0.05]]);
        var agreement = SanityChecks.Compare(output, output, 3);
        Assert.Equal(new ExplanationAgreement(1, 1, 1, 1, 1, 1), agreement);
    }
}

public sealed class SanityChecksWithEbmTrainerTests
{
    [Fact]
    public void Data_randomization_retrains_through_the_delegate_and_the_learned_terms_vanish()
    {
        var random = new Random(45);
        const int rows = 1500, features = 6;
        var schema = new FeatureSchema(Enumerable.Range(0, features).Select(f => FeatureSpec.Numeric($"x{f}")));
        var columns = Enumerable.Range(0, features).Select(_ => Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(i => random.NextDouble() < Logistic.Sigmoid(3 * columns[0][i] - 2 * columns[1][i] + columns[2][i])).ToArray();
        var frame = new Frame(schema, columns);
        var trainer = new MisuseLab.Learning.Glassbox.EbmTrainer(new MisuseLab.Learning.Glassbox.EbmOptions { OuterBags = 2, MaxRounds = 300, MaxBins = 32, Seed = 1 });
        var model = trainer.Fit(frame, labels);
        var calls = 0;
        var report = SanityChecks.Run(model, frame, labels, (f, y) => { calls++; Assert.NotEqual(labels, y); return trainer.Fit(f, y); },
            new SanityCheckOptions { Seed = 3, ExplainedRows = 300, Explainers = [new EbmTermExplainer()] });

        Assert.Equal(1, calls);
        var data = Assert.Single(report.Results, r => r.Test == SanityChecks.DataRandomization);
        Assert.Equal("EBM terms", data.Explainer);
        // Trained on permuted labels, the EBM has no signal to learn: its terms (and so its importances) shrink
        // far below the trained model's, whatever their order.
        var sample = frame.SelectRows(FeatureEffects.SampleRows(rows, 300, 3));
        var trained = GlobalImportance.FromEbm(model, sample).Sum(i => i.Importance);
        var permuted = (bool[])labels.Clone();
        SeededRandom.Derive(3, 3).Shuffle(permuted.AsSpan());
        var randomized = GlobalImportance.FromEbm(trainer.Fit(frame, permuted), sample).Sum(i => i.Importance);
        Assert.True(randomized < 0.3 * trained, $"Σ importance trained {trained:F3}, after label permutation {randomized:F3}");
    }

    [Fact]
    public void Data_randomization_reports_the_retrained_models_training_auc_on_the_permuted_labels()
    {
        var random = new Random(46);
        const int rows = 600, features = 4;
        var schema = new FeatureSchema(Enumerable.Range(0, features).Select(f => FeatureSpec.Numeric($"x{f}")));
        var columns = Enumerable.Range(0, features).Select(_ => Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(i => random.NextDouble() < Logistic.Sigmoid(3 * columns[0][i])).ToArray();
        var frame = new Frame(schema, columns);
        var trainer = new MisuseLab.Learning.Glassbox.EbmTrainer(new MisuseLab.Learning.Glassbox.EbmOptions { OuterBags = 1, MaxRounds = 200, MaxBins = 16, Seed = 1 });
        var model = trainer.Fit(frame, labels);
        IBinaryClassifier? retrained = null;
        var report = SanityChecks.Run(model, frame, labels, (f, y) => retrained = trainer.Fit(f, y),
            new SanityCheckOptions { Seed = 5, ExplainedRows = 200, Explainers = [new EbmTermExplainer()] });

        var permuted = (bool[])labels.Clone();
        SeededRandom.Derive(5, 3).Shuffle(permuted.AsSpan());
        // AUC by brute force over every (positive, negative) pair, ties counting one half.
        var scores = retrained!.PredictRaw(frame);
        double wins = 0;
        long pairs = 0;
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < rows; j++)
                if (permuted[i] && !permuted[j]) { pairs++; wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0; }
        var data = Assert.Single(report.Results, r => r.Test == SanityChecks.DataRandomization);
        Assert.Equal(wins / pairs, data.RetrainedTrainingAuc!.Value, 12);
        Assert.All(report.Results.Where(r => r.Test != SanityChecks.DataRandomization), r => Assert.Null(r.RetrainedTrainingAuc));
    }

    [Fact]
    public void Independent_randomization_redraws_each_cascade_block_alone()
    {
        var random = new Random(47);
        var schema = new FeatureSchema(Enumerable.Range(0, 6).Select(f => FeatureSpec.Numeric($"x{f}")));
        var columns = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 800).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        var labels = Enumerable.Range(0, 800).Select(i => random.NextDouble() < Logistic.Sigmoid(3 * columns[0][i] - columns[1][i])).ToArray();
        var frame = new Frame(schema, columns);
        var model = RandomEbms.NaiveAdditive(frame, labels);
        var options = new SanityCheckOptions { Seed = 2, ExplainedRows = 200, IndependentRandomization = true, Explainers = [new EbmTermExplainer()] };
        var report = SanityChecks.Run(model, frame, labels, null, options);
        var cascade = Assert.Single(report.Results, r => r.Test == SanityChecks.ModelRandomization);
        var independent = Assert.Single(report.Results, r => r.Test == SanityChecks.IndependentModelRandomization);
        // Cascade steps 1, 2, 4, 6 terms → blocks of 1, 1, 2, 2 terms, together covering all six once.
        Assert.Equal([1, 2, 4, 6], cascade.Steps.Select(s => s.RandomizedUnits));
        Assert.Equal([1, 1, 2, 2], independent.Steps.Select(s => s.RandomizedUnits));
        // The first block (the last term alone) is the first cascade step itself, so both explanations agree exactly.
        Assert.Equal(cascade.Steps[0].Agreement, independent.Steps[0].Agreement);
        // Without the option there is no independent test.
        Assert.DoesNotContain(SanityChecks.Run(model, frame, labels, null, options with { IndependentRandomization = false }).Results, r => r.Test == SanityChecks.IndependentModelRandomization);
    }
}
