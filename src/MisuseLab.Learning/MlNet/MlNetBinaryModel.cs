using Microsoft.ML;
using Microsoft.ML.Data;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// An ML.NET binary classifier seen as one of ours: it takes a <see cref="Frame"/> whose columns are the model's
/// input columns (<see cref="Columns"/> says how each is presented to ML.NET) and runs ML.NET's own transformer.
/// Its raw output is the log-odds of ML.NET's probability: −Slope·Score − Offset under a Platt calibrator (FastTree's),
/// logit(Probability) under another calibrator, and Score itself for an uncalibrated model (whose label is Score &gt; 0).
/// </summary>
public sealed class MlNetBinaryModel : IBinaryClassifier
{
    public const string ScoreColumn = "Score";
    public const string ProbabilityColumn = "Probability";

    private readonly Lazy<SlotMap> _slots;
    private readonly Lazy<TreeEnsembleModel> _ensemble;

    public MlNetBinaryModel(MLContext context, ITransformer transformer, DataViewSchema inputSchema, FeatureSchema schema,
        IReadOnlyList<MlNetColumn> columns, string labelColumn = FastTreePipeline.LabelColumn)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Transformer = transformer ?? throw new ArgumentNullException(nameof(transformer));
        InputSchema = inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        Columns = columns ?? throw new ArgumentNullException(nameof(columns));
        LabelColumn = labelColumn;
        Predictor = MlNetPredictor.Find(transformer);
        _slots = new(() => SlotMap.For(this));
        _ensemble = new(() => MlNetTreeImporter.Import(
            Predictor.Trees ?? throw new InvalidModelException($"Expected a tree ensemble; this ML.NET model's predictor is {Predictor.Kind}."),
            Featurize(Background ?? throw new InvalidOperationException("The model has no background rows to compute covers from; import it with MlNetTreeImporter and rows of your choice.")).Slots,
            MlNetTreeShap.Affine(this, MlNetShapTarget.LogOdds).Scale, MlNetTreeShap.Affine(this, MlNetShapTarget.LogOdds).Offset));
    }

    public MLContext Context { get; }
    public ITransformer Transformer { get; }

    /// <summary>The schema the model was fitted on (saved with it): what a caller must provide, label included.</summary>
    public DataViewSchema InputSchema { get; }

    public FeatureSchema Schema { get; }
    public IReadOnlyList<MlNetColumn> Columns { get; }
    public string LabelColumn { get; }
    public MlNetPredictor Predictor { get; }

    /// <summary>Rows routed through the trees to recompute node covers when no others are given (the training rows, when we trained the model).</summary>
    public Frame? Background { get; init; }

    /// <summary>
    /// The model's trees as our ensemble over the slots, in log-odds, with covers from <see cref="Background"/>:
    /// plain data that serialises canonically (<c>ModelJson</c>), so its SHA-256 identifies the trained model where
    /// ML.NET's zip (which stamps times) cannot.
    /// </summary>
    public TreeEnsembleModel Ensemble => _ensemble.Value;

    /// <summary>Names of the features vector's slots and the frame column each comes from.</summary>
    public SlotMap Slots => _slots.Value;

    public IDataView ToDataView(Frame frame, bool[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!frame.Schema.Equals(Schema))
            throw new DataFormatException($"The frame's features ({string.Join(", ", frame.Schema.Select(f => f.Name))}) differ from the model's ({string.Join(", ", Schema.Select(f => f.Name))}).");
        return new FrameDataView(frame, Columns, labels, LabelColumn);
    }

    /// <summary>Runs ML.NET on the frame and reads the features vector (as slot columns), Score and, if present, Probability.</summary>
    public Featurized Featurize(Frame frame)
    {
        var output = Transformer.Transform(ToDataView(frame));
        var width = Slots.Count;
        var slots = new double[width][];
        for (var s = 0; s < width; s++) slots[s] = new double[frame.RowCount];
        var scores = new float[frame.RowCount];
        var hasProbability = output.Schema.GetColumnOrNull(ProbabilityColumn) is not null;
        var probabilities = hasProbability ? new float[frame.RowCount] : null;
        var featuresColumn = output.Schema[Predictor.FeatureColumnName];
        var scoreColumn = output.Schema[ScoreColumn];
        var needed = hasProbability ? [featuresColumn, scoreColumn, output.Schema[ProbabilityColumn]] : new[] { featuresColumn, scoreColumn };
        using var cursor = output.GetRowCursor(needed);
        var features = cursor.GetGetter<VBuffer<float>>(featuresColumn);
        var score = cursor.GetGetter<float>(scoreColumn);
        var probability = hasProbability ? cursor.GetGetter<float>(output.Schema[ProbabilityColumn]) : null;
        VBuffer<float> vector = default;
        float value = 0;
        var row = 0;
        while (cursor.MoveNext())
        {
            features(ref vector);
            if (vector.Length != width)
                throw new InvalidModelException($"Row {row}: the features vector has {vector.Length} slots; expected {width}.");
            // Sparse vectors (one-hot output) hold only their non-zero slots; the rest stay 0.
            var values = vector.GetValues();
            if (vector.IsDense)
                for (var s = 0; s < width; s++) slots[s][row] = values[s];
            else
            {
                var indices = vector.GetIndices();
                for (var k = 0; k < indices.Length; k++) slots[indices[k]][row] = values[k];
            }
            score(ref value);
            scores[row] = value;
            if (probability is not null)
            {
                probability(ref value);
                probabilities![row] = value;
            }
            row++;
        }
        return new Featurized(new Frame(Slots.Schema, slots), scores, probabilities);
    }

    /// <summary>Log-odds as this model defines them (see the class summary) from ML.NET's Score and Probability.</summary>
    public double[] Margins(Featurized featurized)
    {
        ArgumentNullException.ThrowIfNull(featurized);
        var margins = new double[featurized.Scores.Length];
        for (var i = 0; i < margins.Length; i++)
        {
            margins[i] = Predictor.Platt is { } platt ? -platt.Slope * featurized.Scores[i] - platt.Offset
                : featurized.Probabilities is { } p ? Logistic.Logit(Math.Clamp(p[i], 1e-15, 1 - 1e-15))
                : featurized.Scores[i];
        }
        return margins;
    }

    public double[] PredictRaw(Frame frame) => Margins(Featurize(frame));

    public double PredictRaw(ReadOnlySpan<double> row)
    {
        var columns = new double[Schema.Count][];
        for (var j = 0; j < columns.Length; j++) columns[j] = [row[j]];
        return PredictRaw(new Frame(Schema, columns))[0];
    }

    /// <summary>
    /// Writes ML.NET's own model file (<c>MLContext.Model.Save</c> with the input schema; any ML.NET program can load it)
    /// in its canonical form (<see cref="MlNetModelZip"/>), so the file's SHA-256 is the one a study's stimuli record.
    /// </summary>
    public void Save(string path) => File.WriteAllBytes(path, MlNetModelZip.Bytes(this));
}

/// <summary>ML.NET's view of some rows: the features vector's slots as a frame, Score, and Probability when the model has it.</summary>
public sealed record Featurized(Frame Slots, float[] Scores, float[]? Probabilities);
