using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.MlNet;

/// <summary>What the attributions of an ML.NET model explain.</summary>
public enum MlNetShapTarget
{
    /// <summary>ML.NET's own Score column (FastTree: the sum of the trees' outputs). The default.</summary>
    Score,

    /// <summary>The model's log-odds (<see cref="MlNetBinaryModel.Margins"/>): Score times the Platt slope, plus its offset. Needs a Platt calibrator.</summary>
    LogOdds,
}

/// <summary>Options of <see cref="MlNetTreeShap.Explain"/>.</summary>
public sealed record MlNetTreeShapOptions
{
    public MlNetShapTarget Target { get; init; } = MlNetShapTarget.Score;

    /// <summary>
    /// False (default): each input column gets the sum of its slots' SHAP values (a one-hot encoded column's slots
    /// add up to the column; Shapley values are additive over the slots, so the sum still adds up to the output).
    /// True: one value per slot of the features vector.
    /// </summary>
    public bool SlotLevel { get; init; }

    /// <summary>
    /// False (default): <c>ModelOutputs</c> are ML.NET's own (a float Score, or log-odds from it). True: the imported
    /// ensemble's double-precision outputs, which the check holds to ML.NET's within the tolerance and which Σφ + E[f]
    /// equals to 1e-9 — for displays that show the sum and the output side by side.
    /// </summary>
    public bool EnsembleOutputs { get; init; }

    /// <summary>Largest accepted |Σφ + E[f] − ML.NET's output| on any row. Default 1e-5: ML.NET's Score is a float, exact to about 1e-7 of its size.</summary>
    public double AdditivityTolerance { get; init; } = 1e-5;

    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Target)) errors.Add($"{nameof(Target)}: expected Score or LogOdds; found {Target}.");
        if (!(AdditivityTolerance >= 0)) errors.Add($"{nameof(AdditivityTolerance)}: expected a non-negative number; found {AdditivityTolerance}.");
        if (errors.Count > 0) throw new ArgumentException("Invalid ML.NET TreeSHAP options: " + string.Join(" ", errors));
    }
}

/// <summary>
/// Exact path-dependent TreeSHAP of any ML.NET binary tree model (FastTree, FastForest, LightGbm): the ensemble is
/// read from <c>TrainedTreeEnsemble</c> (<see cref="MlNetTreeImporter"/>), covers are recomputed by routing
/// background rows, our <see cref="TreeShap"/> computes slot-level values, and the result is checked against ML.NET's
/// own output on every row — |Σφ + E[f] − Score| ≤ the tolerance, else <see cref="AdditivityException"/>.
/// </summary>
public static class MlNetTreeShap
{
    /// <param name="background">Rows whose routing gives the covers; default the model's <see cref="MlNetBinaryModel.Background"/> (training rows), else the explained rows.</param>
    public static MlNetShapValues Explain(MlNetBinaryModel model, Frame rows, Frame? background = null, MlNetTreeShapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new MlNetTreeShapOptions();
        options.Validate();
        var trees = model.Predictor.Trees ?? throw new InvalidModelException(
            $"TreeSHAP explains tree ensembles; this ML.NET model's predictor is {model.Predictor.Kind}. Use permutation importance instead.");
        var (scale, offset) = Affine(model, options.Target);
        var coverSource = background is not null ? CoverSource.Background : model.Background is not null ? CoverSource.Training : CoverSource.Explained;
        var explained = model.Featurize(rows);
        var routed = background is null && model.Background is null ? explained : model.Featurize(background ?? model.Background!);
        var ensemble = MlNetTreeImporter.Import(trees, routed.Slots, scale, offset);
        var targets = options.Target == MlNetShapTarget.Score ? [.. explained.Scores.Select(s => (double)s)] : model.Margins(explained);
        var shap = TreeShap.Explain(ensemble, explained.Slots);
        var result = MlNetShapValues.From(shap, model.Slots, model.Schema, targets, options.SlotLevel, options.AdditivityTolerance, coverSource, routed.Slots.RowCount);
        return options.EnsembleOutputs ? result.WithOutputs([.. shap.ModelOutputs]) : result;
    }

    internal static (double Scale, double Offset) Affine(MlNetBinaryModel model, MlNetShapTarget target)
    {
        if (target == MlNetShapTarget.Score) return (1, 0);
        var platt = model.Predictor.Platt ?? throw new InvalidModelException(
            $"Log-odds attributions need a Platt-calibrated model (FastTree's); this model's calibrator is not Platt. Explain Score instead.");
        return (-platt.Slope, -platt.Offset);
    }
}

/// <summary>Which rows gave the covers.</summary>
public enum CoverSource { Training, Background, Explained }

/// <summary>
/// SHAP values of an ML.NET model on some rows, per input column (or per slot), with the base value E[f], ML.NET's
/// own outputs and the largest additivity error against them.
/// </summary>
public sealed class MlNetShapValues : ILocalAttributions
{
    private readonly double[] _values;

    private MlNetShapValues(FeatureSchema schema, double[] values, double baseValue, double[] outputs, double maxError, ShapValues slots, CoverSource coverSource, int coverRows)
    {
        Schema = schema;
        _values = values;
        BaseValue = baseValue;
        ModelOutputs = outputs;
        MaxAdditivityError = maxError;
        SlotValues = slots;
        CoverSource = coverSource;
        CoverRows = coverRows;
    }

    public FeatureSchema Schema { get; }
    public int RowCount => ModelOutputs.Count;
    public double BaseValue { get; }

    /// <summary>ML.NET's outputs (Score, or log-odds from it) that the values add up to.</summary>
    public IReadOnlyList<double> ModelOutputs { get; }

    /// <summary>max over rows of |Σφ + BaseValue − ML.NET's output|.</summary>
    public double MaxAdditivityError { get; }

    /// <summary>The slot-level values (of the imported ensemble, whose outputs agree with ML.NET's to the tolerance).</summary>
    public ShapValues SlotValues { get; }

    public CoverSource CoverSource { get; }
    public int CoverRows { get; }

    public double this[int row, int feature] => _values[row * Schema.Count + feature];
    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Schema.Count, Schema.Count);

    internal MlNetShapValues WithOutputs(double[] outputs) => new(Schema, _values, BaseValue, outputs, MaxAdditivityError, SlotValues, CoverSource, CoverRows);

    internal static MlNetShapValues From(ShapValues shap, SlotMap slots, FeatureSchema inputs, double[] targets, bool slotLevel, double tolerance, CoverSource coverSource, int coverRows)
    {
        if (!slotLevel && !slots.AllMapped)
            throw new InvalidModelException(
                $"Slots {string.Join(", ", Enumerable.Range(0, slots.Count).Where(s => slots.Sources[s] < 0).Take(5).Select(s => slots.Schema[s].Name))} come from no input column by name; ask for slot-level values.");
        var schema = slotLevel ? slots.Schema : inputs;
        var width = schema.Count;
        var values = new double[shap.RowCount * width];
        var maxError = 0.0;
        for (var i = 0; i < shap.RowCount; i++)
        {
            var row = shap.Row(i);
            var sum = shap.ExpectedValue;
            for (var s = 0; s < row.Length; s++)
            {
                values[i * width + (slotLevel ? s : slots.Sources[s])] += row[s];
                sum += row[s];
            }
            var error = Math.Abs(sum - targets[i]);
            if (!(error <= tolerance))
                throw new AdditivityException(
                    $"TreeSHAP of the ML.NET model fails additivity on row {i}: Σφ + E[f] = {sum:R} but ML.NET's output is {targets[i]:R} (|difference| {error:E3} > {tolerance:E1}). " +
                    "Expected the imported trees to route as ML.NET does; a model whose trees keep default values for missing inputs (LightGbm) routes NaN differently — give rows without missing values.");
            maxError = Math.Max(maxError, error);
        }
        return new MlNetShapValues(schema, values, shap.ExpectedValue, targets, maxError, shap, coverSource, coverRows);
    }
}
