using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.Models;

namespace MisuseLab.Study.Pipeline;

/// <summary>A study model trained on the (defect-injected) training data, with its test predictions and metrics.</summary>
public sealed class TrainedModel
{
    private readonly Lazy<double[]> _trainProbabilities;

    public TrainedModel(string id, IBinaryClassifier model, StudyData data)
    {
        Id = id;
        Model = model;
        Data = data;
        TestMargins = model.PredictRaw(data.Test);
        TestProbabilities = Logistic.Sigmoid(TestMargins);
        Metrics = BinaryMetrics.Evaluate(data.TestLabels, TestProbabilities);
        _trainProbabilities = new(() => Logistic.Sigmoid(model.PredictRaw(data.Train)));
    }

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
