using MisuseLab.Learning.Explainers;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class EbmTermsTests
{
    [Fact]
    public void Contributions_are_the_term_scores_and_add_up_to_the_margin_exactly()
    {
        var random = new Random(21);
        var schema = RandomEnsembles.Schema(5);
        var frame = RandomEnsembles.Rows(random, schema, 150);
        var model = RandomEbms.Ebm(random, frame);
        var terms = EbmTerms.Explain(model, frame);
        Assert.Equal(model.Intercept, terms.BaseValue);
        var margins = model.PredictRaw(frame);
        for (var i = 0; i < frame.RowCount; i++)
        {
            var row = frame.Row(i);
            var sum = model.Intercept;
            for (var f = 0; f < schema.Count; f++)
            {
                Assert.Equal(model.TermScores[f][model.Bins.Features[f].BinOf(row[f])], terms[i, f]);
                sum += terms[i, f];
            }
            Assert.Equal(margins[i], sum);
            Assert.Equal(margins[i], terms.ModelOutputs[i]);
        }
    }

    [Fact]
    public void Global_importance_is_the_data_weighted_mean_absolute_term_score()
    {
        var random = new Random(22);
        var schema = RandomEnsembles.Schema(3);
        var frame = RandomEnsembles.Rows(random, schema, 80);
        var model = RandomEbms.Ebm(random, frame);
        var importance = GlobalImportance.FromEbm(model, frame);
        for (var f = 0; f < schema.Count; f++)
        {
            // Weighted over bins by their data counts, as InterpretML computes it.
            var bins = model.Bins.Features[f];
            var counts = new double[bins.BinCount];
            foreach (var v in frame.Column(f)) counts[bins.BinOf(v)]++;
            var expected = counts.Select((c, b) => c * Math.Abs(model.TermScores[f][b])).Sum() / frame.RowCount;
            Assert.Equal(expected, importance[f].Importance, 14);
            Assert.Equal(schema[f].Name, importance[f].Name);
        }
    }
}
