using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;
using MisuseLab.Learning.Serialization;

namespace MisuseLab.Study.Pipeline;

/// <summary>A study model trained on the (defect-injected) training data, with its test predictions and metrics.</summary>
public sealed class TrainedModel
{
    private readonly Lazy<double[]> _trainProbabilities;
    private readonly Lazy<byte[]> _json;
    private readonly Lazy<string?> _mlNetZipSha256;

    public TrainedModel(string id, IBinaryClassifier model, StudyData data)
    {
        Id = id;
        Model = model;
        Data = data;
        TestMargins = model.PredictRaw(data.Test);
        TestProbabilities = Logistic.Sigmoid(TestMargins);
        Metrics = BinaryMetrics.Evaluate(data.TestLabels, TestProbabilities);
        _trainProbabilities = new(() => Logistic.Sigmoid(model.PredictRaw(data.Train)));
        _json = new(() => ModelJson.Serialize(model switch
        {
            MlNetBinaryModel mlnet => mlnet.Ensemble,
            FeaturizedEnsemble featurized => featurized.Slots,
            _ => model,
        }));
        _mlNetZipSha256 = new(() => model is MlNetBinaryModel mlnet ? MlNetModelZip.Sha256(mlnet) : null);
    }

    /// <summary>
    /// The model's canonical JSON (an ML.NET model: its trees imported with covers from the training rows, in
    /// log-odds), computed on first use. ML.NET's own zip stamps times, so this is what identifies the model.
    /// </summary>
    public byte[] ModelJsonBytes => _json.Value;

    /// <summary>SHA-256 of <see cref="ModelJsonBytes"/>: same study file and data → same hash.</summary>
    public string ModelSha256 => ModelJson.Sha256Hex(_json.Value);

    /// <summary>For an ML.NET model, SHA-256 of its model.zip in canonical form (<see cref="MlNetModelZip"/>); null otherwise.</summary>
    public string? MlNetZipSha256 => _mlNetZipSha256.Value;

    public string Id { get; }
    public IBinaryClassifier Model { get; }
    public StudyData Data { get; }
    public double[] TestMargins { get; }
    public double[] TestProbabilities { get; }
    public BinaryMetricsReport Metrics { get; }

    /// <summary>Predicted probabilities of the training rows (for example-based pages), computed on first use.</summary>
    public double[] TrainProbabilities => _trainProbabilities.Value;

    public bool PredictsPositive(int testRow) => TestProbabilities[testRow] >= 0.5;
    public bool IsCorrect(int testRow) => PredictsPositive(testRow) == Data.TestLabels[testRow];
}
