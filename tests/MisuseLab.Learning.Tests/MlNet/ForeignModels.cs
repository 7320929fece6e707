using Microsoft.ML;
using Microsoft.ML.Data;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.MlNet;

namespace MisuseLab.Learning.Tests.MlNet;

/// <summary>
/// Models built the way any ML.NET user builds them (typed rows, LoadFromEnumerable, their own pipeline), not
/// through <see cref="FastTreePipeline"/>, so the import is tested against models it did not make.
/// </summary>
public static class ForeignModels
{
    public sealed class Row
    {
        public float x0 { get; set; }
        public float x1 { get; set; }
        public string colour { get; set; } = "";
        public float x2 { get; set; }
        public float x3 { get; set; }
        public bool Label { get; set; }
    }

    public static Row[] Rows(int count, int seed)
    {
        var (frame, labels) = MlNetData.Make(count, seed);
        var colours = MlNetData.Schema[2].Categories;
        return [.. Enumerable.Range(0, count).Select(i => new Row
        {
            x0 = (float)frame.Column(0)[i], x1 = (float)frame.Column(1)[i], colour = colours[(int)frame.Column(2)[i]],
            x2 = (float)frame.Column(3)[i], x3 = (float)frame.Column(4)[i], Label = labels[i],
        })];
    }

    public enum Trainer { FastTree, FastTreeCategorical, FastForest, LightGbm }

    /// <summary>Trains and saves a model to <paramref name="path"/>; returns the context and model as the user has them.</summary>
    public static (MLContext Context, ITransformer Model, IDataView Data) TrainAndSave(Trainer trainer, Row[] rows, string path, int trees = 8, int leaves = 8)
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable(rows);
        var featurize = context.Transforms.Categorical.OneHotEncoding("colour")
            .Append(context.Transforms.Concatenate("Features", "x0", "x1", "colour", "x2", "x3"));
        IEstimator<ITransformer> estimator = trainer switch
        {
            Trainer.FastTree => featurize.Append(context.BinaryClassification.Trainers.FastTree(numberOfTrees: trees, numberOfLeaves: leaves, minimumExampleCountPerLeaf: 10)),
            Trainer.FastTreeCategorical => featurize.Append(context.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options
            { NumberOfTrees = trees, NumberOfLeaves = leaves, CategoricalSplit = true, MinimumExampleCountPerLeaf = 10 })),
            Trainer.FastForest => featurize.Append(context.BinaryClassification.Trainers.FastForest(numberOfTrees: trees, numberOfLeaves: leaves)),
            _ => featurize.Append(context.BinaryClassification.Trainers.LightGbm(numberOfLeaves: leaves, numberOfIterations: trees)),
        };
        var model = estimator.Fit(data);
        context.Model.Save(model, data.Schema, path);
        return (context, model, data);
    }

    /// <summary>Our binding of a saved model: loaded from the zip, rows read by the input schema's names.</summary>
    public static (MlNetBinaryModel Model, Frame Frame, bool[]? Labels) Load(string path, IDataView rows)
    {
        var file = MlNetModelFile.Load(path);
        var inputs = MlNetInputs.Read(file.InputSchema, "Label", rows);
        return (file.Bind(inputs, "Label"), inputs.Frames[0].Frame, inputs.Frames[0].Labels);
    }

    /// <summary>The features vectors and scores as ML.NET computes them, read with ML.NET's API only.</summary>
    public static (float[][] Features, float[] Scores) Score(ITransformer model, IDataView data)
    {
        var output = model.Transform(data);
        var features = output.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
        var scores = output.GetColumn<float>("Score").ToArray();
        return (features, scores);
    }
}
