using System.Diagnostics;
using Microsoft.ML.Data;
using MisuseLab.Learning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.MlNet;
using MisuseLab.Study.Adult;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>explain --model FILE.zip</c>: any ML.NET binary model saved with its input schema. Rows (and background rows)
/// come from CSVs whose header names the input columns; without --rows, adult.test when every input column is an
/// Adult column of the same kind (and adult.data as the background when --background is not given).
/// </summary>
internal static class MlNetExplain
{
    public sealed record Request(string ModelPath, string Method, string? RowsPath, string? BackgroundPath, bool SlotLevel, string LabelColumn, string? DataDir, PermutationImportanceOptions Pfi);

    public static ExplainCommand.ExplainResult Run(Request request)
    {
        var file = MlNetModelFile.Load(request.ModelPath);
        var (model, frame, labels, background) = request.RowsPath is null ? FromAdult(file, request) : FromCsv(file, request);
        var stopwatch = Stopwatch.StartNew();
        switch (request.Method)
        {
            case ExplainCommand.TreeShapMethod:
            {
                var shap = MlNetTreeShap.Explain(model, frame, background, new MlNetTreeShapOptions { SlotLevel = request.SlotLevel });
                return new ExplainCommand.ExplainResult(request.Method, frame.RowCount, stopwatch.Elapsed.TotalSeconds, shap, shap.MaxAdditivityError,
                    GlobalImportance.FromAttributions(shap), null)
                {
                    Extra = new()
                    {
                        ["predictor"] = model.Predictor.Kind,
                        ["target"] = "Score",
                        ["level"] = request.SlotLevel ? "slot" : "column",
                        ["cover_source"] = shap.CoverSource.ToString().ToLowerInvariant(),
                        ["cover_rows"] = shap.CoverRows,
                    },
                };
            }
            case ExplainCommand.PfiMethod:
            {
                if (labels is null) throw new ArgumentException($"--method pfi needs labels: add a Boolean '{request.LabelColumn}' column to --rows (or name it with --label).");
                var result = PermutationImportance.Compute(model, frame, labels, request.Pfi);
                return new ExplainCommand.ExplainResult(request.Method, frame.RowCount, stopwatch.Elapsed.TotalSeconds, null, null, GlobalImportance.FromPermutation(result), result)
                {
                    Extra = new() { ["predictor"] = model.Predictor.Kind },
                };
            }
            default:
                throw new ArgumentException($"--method '{request.Method}': an ML.NET model is explained with {ExplainCommand.TreeShapMethod} or {ExplainCommand.PfiMethod}.");
        }
    }

    private static (MlNetBinaryModel, Frame, bool[]?, Frame?) FromCsv(MlNetModelFile file, Request request)
    {
        var views = new List<Microsoft.ML.IDataView> { file.ReadCsv(request.RowsPath!, request.LabelColumn) };
        if (request.BackgroundPath is { } b) views.Add(file.ReadCsv(b, request.LabelColumn));
        var inputs = MlNetInputs.Read(file.InputSchema, request.LabelColumn, [.. views]);
        var model = file.Bind(inputs, request.LabelColumn);
        return (model, inputs.Frames[0].Frame, inputs.Frames[0].Labels, request.BackgroundPath is null ? null : inputs.Frames[1].Frame);
    }

    private static (MlNetBinaryModel, Frame, bool[]?, Frame?) FromAdult(MlNetModelFile file, Request request)
    {
        var specs = new List<FeatureSpec>();
        var columns = new List<MlNetColumn>();
        foreach (var c in file.InputSchema.Where(c => !c.IsHidden && c.Name != request.LabelColumn))
        {
            if (!AdultSchema.Schema.TryIndexOf(c.Name, out var j))
                throw new DataFormatException($"The model's input column '{c.Name}' is not an Adult column; pass the rows to explain with --rows FILE.csv.");
            var spec = AdultSchema.Schema[j];
            if (spec.IsCategorical != c.Type is TextDataViewType)
                throw new DataFormatException($"The model's input column '{c.Name}' is {c.Type}; Adult's is {(spec.IsCategorical ? "text" : "numeric")}. Pass the rows with --rows FILE.csv.");
            columns.Add(new MlNetColumn(c.Name, specs.Count, c.Type));
            specs.Add(spec);
        }
        var schema = new FeatureSchema(specs);
        var adult = AdultLoader.Load(AdultDataLocator.Resolve(request.DataDir));
        Frame? background = null;
        if (request.BackgroundPath is { } b)
        {
            var inputs = MlNetInputs.Read(file.InputSchema, request.LabelColumn, file.ReadCsv(b, request.LabelColumn));
            background = Recode(inputs.Frames[0].Frame, schema);
        }
        var model = new MlNetBinaryModel(file.Context, file.Transformer, file.InputSchema, schema, columns, request.LabelColumn)
        {
            Background = background ?? AdultFrames.InSchema(adult.Train, schema),
        };
        return (model, AdultFrames.InSchema(adult.Test, schema), adult.Test.Labels, background);
    }

    /// <summary>The same rows with categories coded as Adult codes them (by name; a category Adult lacks becomes missing).</summary>
    private static Frame Recode(Frame frame, FeatureSchema schema)
    {
        var columns = new double[schema.Count][];
        for (var j = 0; j < schema.Count; j++)
        {
            columns[j] = frame.CopyColumn(j);
            if (!schema[j].IsCategorical) continue;
            var from = frame.Schema[j].Categories;
            var to = schema[j].Categories;
            for (var i = 0; i < columns[j].Length; i++)
                if (!double.IsNaN(columns[j][i]))
                {
                    var k = to.IndexOf(from[(int)columns[j][i]]);
                    columns[j][i] = k < 0 ? double.NaN : k;
                }
        }
        return new Frame(schema, columns);
    }
}
