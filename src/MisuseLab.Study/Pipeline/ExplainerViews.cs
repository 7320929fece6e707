using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using LearningImportance = MisuseLab.Learning.Explainers.FeatureImportance;
using ShownImportance = MisuseLab.Study.Explanations.FeatureImportance;

namespace MisuseLab.Study.Pipeline;

/// <summary>
/// The payloads one explainer gives for one model (the trained one, or its randomized copy) on the test data:
/// global importance, feature effects and local explanations, each computed once on first use.
/// </summary>
public sealed class ExplainerViews
{
    /// <summary>Bins for effect curves: as many as the data has distinct values, so a spike at one age shows.</summary>
    private const int EffectBins = BinMapper.MaxBins;

    private readonly ExplainerDefinition _definition;
    private readonly IBinaryClassifier _model;
    private readonly StudyData _data;
    private readonly int _seed;
    private readonly Lazy<ILocalAttributions?> _attributions;
    private readonly Lazy<GlobalPayload> _global;
    private readonly Dictionary<string, EffectPayload> _effects = new(StringComparer.Ordinal);

    public ExplainerViews(ExplainerDefinition definition, IBinaryClassifier model, StudyData data, int seed)
    {
        _definition = definition;
        _model = model;
        _data = data;
        _seed = seed;
        _attributions = new(ComputeAttributions);
        _global = new(ComputeGlobal);
    }

    public string Explainer => _definition.Kind;

    public GlobalPayload Global => _global.Value;

    /// <summary>
    /// The test rows whose mean |local| is the global view (treeshap, terms), in the order they are averaged; null
    /// for an explainer whose global view is not built from local explanations (pfi).
    /// </summary>
    public IReadOnlyList<int>? GlobalSampleRows =>
        _definition.Kind == ExplainerKinds.Pfi || _attributions.Value is not { } a ? null : SampleRows(Int("max_rows", a.RowCount));

    public EffectPayload Effect(string feature)
    {
        lock (_effects)
        {
            if (!_effects.TryGetValue(feature, out var payload))
                _effects[feature] = payload = ComputeEffect(_data.Schema.IndexOf(feature));
            return payload;
        }
    }

    public LocalPayload Local(int testRow)
    {
        var attributions = _attributions.Value ?? throw new StudyPipelineException(
            $"Explainer '{_definition.Id}' ({_definition.Kind}) gives no local explanations; a local page needs treeshap (gbdt, fasttree), fcc (fasttree) or terms (ebm).");
        var schema = _data.Schema;
        var contributions = new Explanations.FeatureContribution[schema.Count];
        var row = attributions.Row(testRow);
        for (var f = 0; f < schema.Count; f++)
            contributions[f] = new(schema[f].Name, ShownValues.Format(schema[f], _data.Test.Column(f)[testRow]), row[f]);
        var output = attributions.ModelOutputs[testRow];
        return new LocalPayload(Explainer, testRow, attributions.BaseValue, output, Logistic.Sigmoid(output), contributions, _data.TestLabels[testRow]);
    }

    private ILocalAttributions? ComputeAttributions() => (_definition.Kind, _model) switch
    {
        (ExplainerKinds.TreeShap, TreeEnsembleModel ensemble) => TreeShap.Explain(ensemble, _data.Test),
        // ML.NET models are explained in log-odds (the shown output), covers from their training rows, per input column;
        // the shown output is the imported trees' double-precision sum (within 1e-5 of ML.NET's, checked), so the shown parts add up exactly.
        (ExplainerKinds.TreeShap, MlNetBinaryModel mlnet) => MlNetTreeShap.Explain(mlnet, _data.Test, options: new MlNetTreeShapOptions { Target = MlNetShapTarget.LogOdds, EnsembleOutputs = true }),
        (ExplainerKinds.TreeShap, FeaturizedEnsemble randomized) => randomized.Explain(_data.Test),
        (ExplainerKinds.Fcc, MlNetBinaryModel mlnet) => MlNetFeatureContributions.Explain(mlnet, _data.Test, MlNetShapTarget.LogOdds),
        (ExplainerKinds.Terms, EbmModel ebm) => EbmTerms.Explain(ebm, _data.Test),
        (ExplainerKinds.Pfi, _) => null,
        _ => throw new StudyPipelineException($"Explainer '{_definition.Id}' ({_definition.Kind}) cannot explain a {_model.GetType().Name}."),
    };

    private GlobalPayload ComputeGlobal()
    {
        if (_definition.Kind == ExplainerKinds.Pfi)
        {
            var options = new PermutationImportanceOptions
            {
                Repeats = Int("repeats", new PermutationImportanceOptions().Repeats),
                Seed = Int("seed", _seed),
            };
            var rows = SampleRows(Int("max_rows", _data.Test.RowCount));
            var result = PermutationImportance.Compute(_model, _data.Test.SelectRows(rows), rows.Select(i => _data.TestLabels[i]).ToArray(), options);
            // The payload names the metric whose drop it plots, so the chart's axis says what it shows.
            return new GlobalPayload(Explainer, Measure.PermutationDrop("AUC"), GlobalImportance.FromPermutation(result, ScoreMetrics.Auc).Select(Shown));
        }
        var attributions = _attributions.Value!;
        var sample = SampleRows(Int("max_rows", attributions.RowCount));
        return new GlobalPayload(Explainer, Measure.GlobalFor(Explainer), Enumerable.Range(0, _data.Schema.Count).Select(f => MeanAbsolute(attributions, f, sample)));
    }

    /// <summary>Mean |attribution| with a normal-approximation 95% interval over the rows.</summary>
    private ShownImportance MeanAbsolute(ILocalAttributions attributions, int feature, int[] rows)
    {
        double sum = 0, squares = 0;
        foreach (var i in rows)
        {
            var a = Math.Abs(attributions[i, feature]);
            sum += a;
            squares += a * a;
        }
        var n = rows.Length;
        var mean = sum / n;
        var sd = n > 1 ? Math.Sqrt(Math.Max(0, (squares - n * mean * mean) / (n - 1))) : 0;
        var half = 1.959963984540054 * sd / Math.Sqrt(n);
        return new ShownImportance(_data.Schema[feature].Name, mean, Math.Max(0, mean - half), mean + half);
    }

    private static ShownImportance Shown(LearningImportance importance) =>
        new(importance.Name, importance.Importance, importance.Lower ?? importance.Importance, importance.Upper ?? importance.Importance);

    private EffectPayload ComputeEffect(int feature)
    {
        var spec = _data.Schema[feature];
        return (_model, _attributions.Value) switch
        {
            (EbmModel ebm, _) => EbmEffect(ebm, feature),
            (TreeEnsembleModel ensemble, ShapValues shap) => ShapEffect(FeatureEffects.ForEnsemble(ensemble, _data.Test, feature, shap, EffectOptions), feature),
            (_, { } attributions) => ShapEffect(FeatureEffects.ForAttributions(_model, _data.Test, feature, attributions, EffectOptions), feature),
            _ => throw new StudyPipelineException($"Explainer '{_definition.Id}' ({_definition.Kind}) has no feature effect for '{spec.Name}'; effect pages need treeshap or terms."),
        };
    }

    private EffectPayload EbmEffect(EbmModel ebm, int feature)
    {
        var effect = FeatureEffects.ForEbm(ebm, _data.Test, feature);
        var shown = effect.Shape.Where(s => Keep(feature, s.Bin)).ToList();
        return new EffectPayload(Explainer, effect.Name, Measure.TermScore, Axis(feature, shown.Select(s => s.Bin)),
            shown.Select(s => s.Score), shown.Select(s => s.Lower), shown.Select(s => s.Upper), shown.Select(s => (double)s.Bin.Count));
    }

    private FeatureEffectOptions EffectOptions => new() { MaxBins = EffectBins, Seed = _seed };

    /// <summary>Mean attribution (SHAP, or FCC) per bin of the feature, with a ±1 sd band of the values in the bin.</summary>
    private EffectPayload ShapEffect(EnsembleFeatureEffect effect, int feature)
    {
        var shown = effect.BinnedMeans.Where(b => Keep(feature, b.Bin)).ToList();
        return new EffectPayload(Explainer, effect.Name, Measure.ShapValue, Axis(feature, shown.Select(b => b.Bin)),
            shown.Select(b => b.MeanAttribution), shown.Select(b => b.MeanAttribution - b.StandardDeviation),
            shown.Select(b => b.MeanAttribution + b.StandardDeviation), shown.Select(b => (double)b.Bin.Count));
    }

    /// <summary>Empty bins are not shown; the missing bin is a category of its own but has no place on a numeric axis.</summary>
    private bool Keep(int feature, EffectBin bin) => bin.Count > 0 && (bin.Bin != 0 || _data.Schema[feature].IsCategorical);

    private EffectAxis Axis(int feature, IEnumerable<EffectBin> bins) =>
        _data.Schema[feature].IsCategorical
            ? EffectAxis.Categorical(bins.Select(b => b.Label))
            : EffectAxis.Numeric(bins.Select(b => b.Representative));

    private int[] SampleRows(int count)
    {
        var rows = _data.Test.RowCount;
        if (count >= rows) return Enumerable.Range(0, rows).ToArray();
        var sample = RowSampler.Sample(new Random(_seed), rows, count);
        Array.Sort(sample);
        return sample;
    }

    private int Int(string name, int fallback) =>
        _definition.Parameters.TryGetValue(name, out var v) ? checked((int)v) : fallback;
}
