using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.Models;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Serialization;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// Scores remedies for one model of a study: applies the chosen fixes (menu order) to the defective training data,
/// retrains the model with the same definition (kind, hyperparameters, seed) and evaluates it on the clean test
/// set. Deterministic: same study, data and choices → same model bytes and same score. Thread-safe (the unfixed
/// model and context are computed once in the constructor; each score trains its own model).
/// </summary>
public sealed class RemedyScorer
{
    private readonly RemedyData _start;
    private readonly RemedyContext _context;
    private readonly BinaryMetricsReport _unfixed;

    /// <param name="unfixedModel">The model already trained on <paramref name="data"/> with <paramref name="model"/>, when the caller has it; else it is trained here.</param>
    public RemedyScorer(StudyData data, ModelDefinition model, RemedyMenu menu, IBinaryClassifier? unfixedModel = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Menu = menu ?? throw new ArgumentNullException(nameof(menu));
        _start = RemedyStart.From(data.Run);
        var unfixed = unfixedModel ?? ModelFactory.Train(model, data.Train, data.TrainLabels);
        _context = new RemedyContext(data.Run.Original, RemedyStart.OriginalTrainRows(data.Run), Logistic.Sigmoid(unfixed.PredictRaw(data.Train)));
        _unfixed = Evaluate(unfixed, _start);
        Unfixed = new RemedyScore([], _unfixed.Auc, _unfixed.LogLoss, _unfixed.Accuracy, 0, 0, 0, _start.Train.RowCount, Sha(unfixed));
    }

    public ModelDefinition Model { get; }
    public RemedyMenu Menu { get; }

    /// <summary>The unfixed model on the clean test set (gains are relative to it).</summary>
    public RemedyScore Unfixed { get; }

    public RemedyScore Score(IEnumerable<string> choices) => Score(Menu.Resolve(choices));

    public RemedyScore Score(IReadOnlyList<RemedyOption> chosen)
    {
        if (chosen.Count == 0) return Unfixed;
        var data = _start;
        for (var i = 0; i < chosen.Count; i++)
            data = chosen[i].Fix.Apply(data, _context, $"$.remedies[{Menu.Options.ToList().FindIndex(o => o.Id == chosen[i].Id)}].fix");
        var fixedModel = ModelFactory.Train(Model, data.Train, data.TrainLabels);
        var m = Evaluate(fixedModel, data);
        return new RemedyScore([.. chosen.Select(o => o.Id)], m.Auc, m.LogLoss, m.Accuracy,
            m.Auc - _unfixed.Auc, _unfixed.LogLoss - m.LogLoss, m.Accuracy - _unfixed.Accuracy, data.Train.RowCount, Sha(fixedModel));
    }

    private static BinaryMetricsReport Evaluate(IBinaryClassifier model, RemedyData data) =>
        BinaryMetrics.Evaluate(data.TestLabels, Logistic.Sigmoid(model.PredictRaw(data.Test)));

    private static string Sha(IBinaryClassifier model) => ModelJson.Sha256Hex(ModelJson.Serialize(model switch
    {
        MlNetBinaryModel mlnet => mlnet.Ensemble,
        FeaturizedEnsemble featurized => featurized.Slots,
        _ => model,
    }));
}
